package io.overdrive.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelManifest;
import io.overdrive.synthetic.SyntheticWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The whole run on the project's own archive format: data in, model directory and report out. */
class TrainingRunTest {
  @TempDir static Path archive;

  @BeforeAll
  static void writeArchive() {
    DjlRuntime.configure(2);
    SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(120).withItems(300).withEventsPerUser(60))
        .writeTo(archive);
  }

  private static TrainingRun.Result run(Path out, String... extra) throws Exception {
    String[] base = {
      "--data-dir", archive.toString(), "--output-dir", out.toString(), "--epochs", "2"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    return new TrainingRun(TrainerOptions.parse(args), new PrintStream(log), Quiet.progress())
        .run();
  }

  @Test
  void writesMetricsReportAndALoadableModelDirectory(@TempDir Path out) throws Exception {
    TrainingRun.Result result = run(out);

    JsonNode metrics =
        ModelManifest.mapper().readTree(Files.readString(out.resolve("metrics.json")));
    assertThat(metrics.get("results")).hasSize(8);
    Set<String> keys =
        Set.of(
            "model", "protocol", "hr@10", "ndcg@10", "hr@20", "ndcg@20", "users", "train_seconds");
    for (JsonNode row : metrics.get("results")) {
      assertThat(Set.copyOf(iterable(row))).isEqualTo(keys);
      assertThat(List.of("sequence", "two-tower", "poprec", "ease"))
          .contains(row.get("model").asString());
      assertThat(List.of("sampled-100", "full")).contains(row.get("protocol").asString());
      assertThat(row.get("users").asInt()).isEqualTo(120);
    }
    assertThat(Files.size(out.resolve("training-curves.png"))).isGreaterThan(1000);
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("| poprec | sampled-100 |", "| ease | full |", "| sequence | full |");

    assertThat(ModelDirectory.latest(out)).contains(result.version());
    LoadedModel model = LoadedModel.loadLatest(out).orElseThrow();
    assertThat(model.twoTower()).isPresent();
    assertThat(model.sequence()).isPresent();
    assertThat(model.manifest().metrics()).hasSize(8);
    assertThat(model.manifest().json().path("data").path("users").asInt()).isEqualTo(120);
    assertThat(model.manifest().dataFingerprint()).hasSize(64);
    assertThat(result.version()).endsWith(model.manifest().dataFingerprint().substring(0, 6));
    for (String f :
        List.of(
            "manifest.json",
            "item_ids.txt",
            "item_embeddings.f32",
            "two_tower.params",
            "sequence.params")) {
      assertThat(out.resolve(result.version()).resolve(f)).exists();
    }
  }

  @Test
  void aSecondRunPublishesANewVersionBesideTheFirst(@TempDir Path out) throws Exception {
    String first = run(out, "--model", "sequence").version();
    String second = run(out, "--model", "sequence").version();
    assertThat(second).isNotEqualTo(first);
    assertThat(out.resolve(first).resolve("manifest.json")).exists();
    assertThat(ModelDirectory.latest(out)).contains(second);
    LoadedModel m = LoadedModel.loadLatest(out).orElseThrow();
    assertThat(m.twoTower()).isEmpty();
    assertThat(m.sequence()).isPresent();
  }

  @Test
  void theTimeBudgetStopsTrainingAndTheBestCheckpointIsStillExported(@TempDir Path out)
      throws Exception {
    // 0.12 s: well inside the first epochs even on a fast idle machine, where early stopping
    // (patience 4) would otherwise end a small data set's training first
    TrainingRun.Result r =
        run(out, "--model", "two-tower", "--epochs", "500", "--max-minutes", "0.002");
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("stopped by time budget");
    assertThat(r.row("two-tower", "full").metrics().users()).isEqualTo(120);
    assertThat(LoadedModel.loadLatest(out).orElseThrow().twoTower()).isPresent();
    // 2 candidates would need 3 epochs each in a quarter of 0.12 s: the search never starts, and
    // both files say what was measured
    assertThat(report)
        .contains(
            "the rule's settings alone: budget too small to search",
            "Measured on the rule's own training before the others' turns",
            "no search fitted the budget");
    JsonNode start =
        LoadedModel.loadLatest(out)
            .orElseThrow()
            .manifest()
            .json()
            .path("training")
            .path("two-tower")
            .path("search")
            .path("start");
    assertThat(start.path("decision").asString()).isEqualTo("too slow");
    assertThat(start.path("candidates").asInt()).isEqualTo(1);
    assertThat(start.propertyNames())
        .contains("probe_seconds_per_epoch", "seconds_per_epoch", "rule_seconds", "rule_epochs");
  }

  @Test
  void theReportAndManifestCarryTheSearchTableAndFixedFlagsAreNotSearched(@TempDir Path out)
      throws Exception {
    // 8 epochs without a time budget: room for 2 candidates' first turns of 3 epochs
    TrainingRun.Result r =
        run(
            out,
            "--model",
            "sequence",
            "--epochs",
            "8",
            "--dim",
            "32",
            "--max-length",
            "20",
            "--negatives",
            "full",
            "--warmup-steps",
            "0",
            "--learning-rate",
            "0.003");
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report)
        .contains(
            "## Settings search: sequence",
            "successive halving over 2 of 2 candidates in 2 rungs",
            "Dimensions varied around the rule's start: dropout.",
            "| rule | ",
            "| dropout 0.",
            "discarded after rung 1",
            "## EASE regularisation");
    JsonNode training =
        LoadedModel.loadLatest(out).orElseThrow().manifest().json().path("training");
    JsonNode seq = training.path("sequence");
    assertThat(seq.path("settings").path("dim").asInt()).isEqualTo(32);
    assertThat(seq.path("settings").path("max_length").asInt()).isEqualTo(20);
    assertThat(seq.path("settings").path("learning_rate").asDouble())
        .isEqualTo(0.003, offset(1e-6));
    JsonNode search = seq.path("search");
    assertThat(search.path("searched")).hasSize(1);
    assertThat(search.path("searched").get(0).asString()).isEqualTo("dropout");
    JsonNode candidates = search.path("candidates");
    assertThat(candidates).hasSize(2);
    String chosen = search.path("chosen").asString();
    for (JsonNode c : candidates) {
      boolean winner = c.path("candidate").asString().equals(chosen);
      assertThat(c.path("result").asString())
          .startsWith(winner ? "chosen" : "discarded after rung 1");
      assertThat(c.path("best_after_rung")).hasSize(winner ? 2 : 1);
      assertThat(c.path("settings").path("dim").asInt()).isEqualTo(32);
    }
    assertThat(training.path("fixed_settings").path("max_length").asInt()).isEqualTo(20);
    // what a bit-identical rerun needs besides the seed (docs/training.md, "Reproducible runs")
    assertThat(training.path("threads").asInt()).isPositive();
    assertThat(training.path("seed").asLong()).isEqualTo(42);
    assertThat(r.row("sequence", "full").metrics().users()).isEqualTo(120);
    JsonNode ease = LoadedModel.loadLatest(out).orElseThrow().manifest().json().path("baselines");
    assertThat(ease.path("ease").path("lambdas_tried").size()).isGreaterThanOrEqualTo(6);
  }

  private static List<String> iterable(JsonNode n) {
    return n.propertyNames().stream().toList();
  }
}
