package io.overdrive.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelManifest;
import io.overdrive.ranking.blender.TrainedBlend;
import io.overdrive.training.blend.BlendFitter;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.PopRec;
import io.overdrive.training.export.ModelExporter;
import io.overdrive.training.report.MetricsRow;
import io.overdrive.training.report.TrainingReport;
import io.overdrive.training.sequence.SequenceConfig;
import io.overdrive.training.sequence.SequenceTrainer;
import io.overdrive.training.twotower.TwoTowerConfig;
import io.overdrive.training.twotower.TwoTowerTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    Engine.getInstance().setRandomSeed((int) options.seed());
    long t0 = System.nanoTime();
    InteractionData data =
        options.format().load(options.dataDir(), options.effectiveMinInteractions());
    log.printf(
        Locale.ROOT,
        "Loaded %s (%s): %d users, %d items, %d interactions in %.1f s%n",
        options.dataDir(),
        options.format().name().toLowerCase(Locale.ROOT),
        data.userCount(),
        data.itemCount(),
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

    long budgetNanos =
        options.maxMinutes() > 0 ? (long) (options.maxMinutes() * 60e9) : Long.MAX_VALUE / 4;
    long trainStart = System.nanoTime();
    long end = trainStart + budgetNanos;
    List<TrainingReport.ModelRun> runs = new ArrayList<>();
    TwoTowerTrainer twoTower = null;
    SequenceTrainer sequence = null;
    try {
      if (options.trainsTwoTower()) {
        long deadline =
            options.trainsSequence() && options.maxMinutes() > 0
                ? trainStart + (long) (budgetNanos * TWO_TOWER_BUDGET_SHARE)
                : end;
        TwoTowerConfig cfg = TwoTowerConfig.defaults(data.itemCount(), data.userCount());
        twoTower = new TwoTowerTrainer(split, cfg, InterestTaxonomy.loadDefault(), device);
        TrainingLoop.Outcome o =
            new TrainingLoop(evaluator, progress, true)
                .run(twoTower, options.epochs(), cfg.patience(), deadline, options.seed());
        rows.addAll(
            rows("two-tower", evaluator.evaluate(twoTower.scorer(), Phase.TEST), o.seconds()));
        runs.add(new TrainingReport.ModelRun("two-tower", o, settings(cfg)));
      }
      if (options.trainsSequence()) {
        SequenceConfig cfg = SequenceConfig.defaults(data.itemCount(), data.userCount());
        sequence = new SequenceTrainer(split, cfg, device);
        TrainingLoop.Outcome o =
            new TrainingLoop(evaluator, progress, false)
                .run(sequence, options.epochs(), cfg.patience(), end, options.seed() + 1);
        rows.addAll(
            rows("sequence", evaluator.evaluate(sequence.scorer(), Phase.TEST), o.seconds()));
        runs.add(new TrainingReport.ModelRun("sequence", o, settings(cfg)));
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
      Files.createDirectories(out);
      List<Map<String, Object>> metricRows = rows.stream().map(MetricsRow::toMap).toList();
      ObjectNode metrics = ModelManifest.mapper().createObjectNode();
      metrics.set("results", ModelManifest.mapper().valueToTree(metricRows));
      ModelManifest.write(out.resolve("metrics.json"), metrics);
      Map<String, Object> dataSummary =
          TrainingReport.table(
              "source", data.source(),
              "format", options.format().name().toLowerCase(Locale.ROOT),
              "users", data.userCount(),
              "items", data.itemCount(),
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
                    training.put("max_minutes", options.maxMinutes());
                    for (TrainingReport.ModelRun r : runs) {
                      ObjectNode n = training.putObject(r.model());
                      n.set("settings", ModelManifest.mapper().valueToTree(r.settings()));
                      n.put("epochs", r.outcome().epochs().size());
                      n.put("best_epoch", r.outcome().bestEpoch());
                      n.put("stopped_by", r.outcome().stop());
                      n.put("train_seconds", r.outcome().seconds());
                    }
                  }),
              Instant.now(),
              staged -> fitBlend(split, staged));
      if (!runs.isEmpty()) {
        TrainingReport.writeCurves(out.resolve(TrainingReport.CURVES), runs);
      }
      TrainingReport.writeSummary(
          out.resolve(TrainingReport.SUMMARY), dataSummary, rows, runs, version, command);
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
    blend.write(staged.resolve(TrainedBlend.FILE));
    log.printf(
        Locale.ROOT,
        "Blend fitted in %.0f s: %s; held out %s%n",
        (System.nanoTime() - t0) / 1e9,
        blend.weights(),
        blend.fit().get("held_out"));
  }

  private static List<MetricsRow> rows(String model, Evaluator.Result r, double seconds) {
    return List.of(
        new MetricsRow(model, Evaluator.SAMPLED, r.sampled(), seconds),
        new MetricsRow(model, Evaluator.FULL, r.full(), seconds));
  }

  private static Map<String, Object> settings(Record config) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var c : config.getClass().getRecordComponents()) {
      try {
        m.put(c.getName(), c.getAccessor().invoke(config));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }
}
