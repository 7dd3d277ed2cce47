package io.overdrive.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelManifest;
import io.overdrive.ranking.blender.TrainedBlend;
import io.overdrive.training.blend.BlendFitter;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.Ease;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.PopRec;
import io.overdrive.training.export.ModelExporter;
import io.overdrive.training.report.MetricsRow;
import io.overdrive.training.report.TrainingReport;
import io.overdrive.training.search.DataStats;
import io.overdrive.training.search.SearchSpace;
import io.overdrive.training.search.Settings;
import io.overdrive.training.search.SettingsSearch;
import io.overdrive.training.sequence.SequenceSearchSpace;
import io.overdrive.training.sequence.TrainableSequenceModel;
import io.overdrive.training.twotower.TrainableTwoTowerModel;
import io.overdrive.training.twotower.TwoTowerConfig;
import io.overdrive.training.twotower.TwoTowerInputs;
import io.overdrive.training.twotower.TwoTowerSearchSpace;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One training run: load and split the data, evaluate PopRec, train the selected models within the
 * budget, evaluate them on the test targets, export the model directory and write the report.
 */
public final class TrainingRun {
  /** Users ranked to fit the blend (one For You ranking each). */
  public static final int BLEND_USERS = 2000;

  /** Share of a shared --max-minutes budget the two-tower model may use (it converges faster). */
  static final double TWO_TOWER_BUDGET_SHARE = 1.0 / 3;

  private final TrainerOptions options;
  private final PrintStream log;
  private final ProgressBar progress;
  private String command;

  /** What a run produced. */
  public record Result(String version, List<MetricsRow> rows, Path outputDir) {
    public MetricsRow row(String model, String protocol) {
      return rows.stream()
          .filter(r -> r.model().equals(model) && r.protocol().equals(protocol))
          .findFirst()
          .orElseThrow();
    }
  }

  public TrainingRun(TrainerOptions options, PrintStream log, ProgressBar progress) {
    this.options = options;
    this.log = log;
    this.progress = progress;
  }

  public TrainingRun command(String command) {
    this.command = command;
    return this;
  }

  public Result run() throws IOException {
    long runStart = System.nanoTime();
    Device device = DjlRuntime.device(options.device());
    long t0 = System.nanoTime();
    InteractionData data =
        options.format().load(options.dataDir(), options.effectiveMinInteractions());
    log.printf(
        Locale.ROOT,
        "Loaded %s (%s): %d users (%d with a profile), %d items (%d with content), %d"
            + " interactions in %.1f s%n",
        options.dataDir(),
        options.format().name().toLowerCase(Locale.ROOT),
        data.userCount(),
        data.usersWithProfile(),
        data.itemCount(),
        data.itemsWithContent(),
        data.interactionCount(),
        (System.nanoTime() - t0) / 1e9);
    if (data.itemCount() < 2 || data.userCount() == 0) {
      throw new IllegalArgumentException(
          options.dataDir()
              + ": too little data to train on ("
              + data.userCount()
              + " users, "
              + data.itemCount()
              + " items)");
    }
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    if (split.evaluatedUsers().length == 0) {
      throw new IllegalArgumentException(
          options.dataDir() + ": no user has 3 or more interactions; nothing to evaluate on");
    }
    Evaluator evaluator = new Evaluator(split, options.seed());
    List<MetricsRow> rows = new ArrayList<>();
    rows.addAll(rows("poprec", evaluator.evaluate(new PopRec(split), Phase.TEST), 0));
    log.printf(
        Locale.ROOT,
        "PopRec test: HR@10 %.4f (sampled-100), HR@20 %.4f (full), %d users%n",
        rows.get(0).metrics().hr10(),
        rows.get(1).metrics().hr20(),
        rows.get(0).metrics().users());

    Ease.Result ease = null;
    if (options.easeMaxItems() > 0) {
      try (NDManager nd = NDManager.newBaseManager(device)) {
        ease = Ease.evaluate(split, evaluator, options.easeMaxItems(), nd);
      }
      rows.addAll(rows("ease", ease.test(), ease.seconds()));
      log.printf(
          Locale.ROOT,
          "EASE test: HR@10 %.4f (sampled-100), HR@20 %.4f (full); %s%n",
          ease.test().sampled().hr10(),
          ease.test().full().hr20(),
          ease.describe());
    }

    DataStats stats = DataStats.of(split);
    boolean timed = options.maxMinutes() > 0;
    long budgetNanos = timed ? (long) (options.maxMinutes() * 60e9) : Long.MAX_VALUE / 4;
    long trainStart = System.nanoTime();
    long end = trainStart + budgetNanos;
    List<TrainingReport.ModelRun> runs = new ArrayList<>();
    TrainableTwoTowerModel twoTower = null;
    TrainableSequenceModel sequence = null;
    try {
      if (options.trainsTwoTower()) {
        long deadline =
            options.trainsSequence() && timed
                ? trainStart + (long) (budgetNanos * TWO_TOWER_BUDGET_SHARE)
                : end;
        SearchSpace<TwoTowerConfig> space = TwoTowerSearchSpace.of(stats, options.fixed());
        // features computed once for every candidate (they share the hashing settings)
        TwoTowerInputs inputs =
            new TwoTowerInputs(split, space.start(), InterestTaxonomy.loadDefault());
        SettingsSearch.Result r =
            search(
                "two-tower",
                new Trainer(evaluator, progress, true),
                options.seed(),
                space,
                c -> new TrainableTwoTowerModel(inputs, c, device, options.seed()),
                deadline);
        twoTower = (TrainableTwoTowerModel) r.model();
        rows.addAll(
            rows(
                "two-tower",
                evaluator.evaluate(twoTower.scorer(), Phase.TEST),
                r.outcome().seconds()));
        runs.add(new TrainingReport.ModelRun("two-tower", twoTower.config().settings(), r));
      }
      if (options.trainsSequence()) {
        SettingsSearch.Result r =
            search(
                "sequence",
                new Trainer(evaluator, progress, false),
                options.seed() + 1,
                SequenceSearchSpace.of(stats, options.fixed()),
                c -> new TrainableSequenceModel(split, c, device, options.seed() + 1),
                end);
        sequence = (TrainableSequenceModel) r.model();
        rows.addAll(
            rows(
                "sequence",
                evaluator.evaluate(sequence.scorer(), Phase.TEST),
                r.outcome().seconds()));
        runs.add(new TrainingReport.ModelRun("sequence", sequence.config().settings(), r));
      }
      for (MetricsRow r : rows) {
        log.printf(
            Locale.ROOT,
            "%-9s %-11s HR@10 %.4f  NDCG@10 %.4f  HR@20 %.4f  NDCG@20 %.4f%n",
            r.model(),
            r.protocol(),
            r.metrics().hr10(),
            r.metrics().ndcg10(),
            r.metrics().hr20(),
            r.metrics().ndcg20());
      }
      Path out = options.outputDir();
      Ease.Result finalEase = ease;
      Files.createDirectories(out);
      List<Map<String, Object>> metricRows = rows.stream().map(MetricsRow::toMap).toList();
      ObjectNode metrics = ModelManifest.mapper().createObjectNode();
      metrics.set("results", ModelManifest.mapper().valueToTree(metricRows));
      ModelManifest.write(out.resolve("metrics.json"), metrics);
      Map<String, Object> dataSummary =
          Settings.of(
              "source", data.source(),
              "format", options.format().name().toLowerCase(Locale.ROOT),
              "users", data.userCount(),
              "items", data.itemCount(),
              "items with content", data.itemsWithContent(),
              "users with a profile", data.usersWithProfile(),
              "interactions", data.interactionCount(),
              "evaluated users", split.evaluatedUsers().length,
              "min interactions", options.effectiveMinInteractions(),
              "fingerprint", data.fingerprint());
      String version =
          ModelExporter.export(
              out,
              new ModelExporter.Contents(
                  data,
                  twoTower,
                  sequence,
                  metricRows,
                  m -> {
                    m.set("data", ModelManifest.mapper().valueToTree(dataSummary));
                    ObjectNode training = m.putObject("training");
                    training.put("device", options.device());
                    training.put("seed", options.seed());
                    training.put("threads", DjlRuntime.engineThreads());
                    training.put("max_minutes", options.maxMinutes());
                    training.set(
                        "fixed_settings",
                        ModelManifest.mapper().valueToTree(options.fixed().toMap()));
                    for (TrainingReport.ModelRun r : runs) {
                      training.set(
                          r.model(), ModelManifest.mapper().valueToTree(r.manifestEntry()));
                    }
                    if (finalEase != null) {
                      m.putObject("baselines")
                          .set("ease", ModelManifest.mapper().valueToTree(finalEase.toMap()));
                    }
                  }),
              Instant.now(),
              staged -> fitBlend(split, staged));
      if (!runs.isEmpty()) {
        TrainingReport.writeCurves(out.resolve(TrainingReport.CURVES), runs);
      }
      TrainingReport.writeSummary(
          out.resolve(TrainingReport.SUMMARY),
          new TrainingReport.Summary(dataSummary, rows, ease, runs, version, command));
      for (String f : List.of("metrics.json", TrainingReport.SUMMARY, TrainingReport.CURVES)) {
        if (Files.exists(out.resolve(f))) {
          Files.copy(
              out.resolve(f),
              out.resolve(version).resolve(f),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      log.printf(
          Locale.ROOT,
          "Exported %s to %s (LATEST) in %.0f s total%n",
          version,
          out,
          (System.nanoTime() - runStart) / 1e9);
      return new Result(version, rows, out);
    } finally {
      if (twoTower != null) {
        twoTower.close();
      }
      if (sequence != null) {
        sequence.close();
      }
    }
  }

  /**
   * Fits the blend of the staged version's models (docs/ranking.md, "The learned blend") and writes
   * it into the version, so it is published with the models it was fitted on.
   */
  private void fitBlend(LeaveOneOutSplit split, Path staged) throws IOException {
    LoadedModel model = LoadedModel.load(staged);
    if (model.twoTower().isEmpty() && model.sequence().isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    TrainedBlend blend = new BlendFitter(BLEND_USERS, options.seed()).fit(split, model);
    if (blend.weights().isEmpty()) {
      // nothing to learn from (too few held-out users ranked): a version without blend.json is
      // served with the hand-set weights, one with an empty blend would be refused
      log.println("Blend not fitted (no signal to weigh): the hand-set weights serve this version");
      return;
    }
    blend.write(staged.resolve(TrainedBlend.FILE));
    log.printf(
        Locale.ROOT,
        "Blend fitted in %.0f s: %s; held out %s%n",
        (System.nanoTime() - t0) / 1e9,
        blend.weights(),
        blend.fit().get("held_out"));
  }

  /** Chooses one model's settings and trains it within the time left until {@code deadline}. */
  private <C> SettingsSearch.Result search(
      String name,
      Trainer trainer,
      long seed,
      SearchSpace<C> space,
      Function<C, TrainableModel> build,
      long deadline) {
    return new SettingsSearch(trainer, name, options.epochs(), seed)
        .run(space, build, deadline, options.maxMinutes() > 0, options.search());
  }

  private static List<MetricsRow> rows(String model, Evaluator.Result r, double seconds) {
    return List.of(
        new MetricsRow(model, Evaluator.SAMPLED, r.sampled(), seconds),
        new MetricsRow(model, Evaluator.FULL, r.full(), seconds));
  }
}
