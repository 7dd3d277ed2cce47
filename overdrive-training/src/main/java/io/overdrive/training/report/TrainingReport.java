package io.overdrive.training.report;

import io.overdrive.training.Trainer;
import io.overdrive.training.eval.Ease;
import io.overdrive.training.search.Settings;
import io.overdrive.training.search.SettingsSearch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The run's report in the output directory: {@code training-curves.png} (training loss and
 * validation NDCG@10 per epoch, per model) and {@code report.md} (data, test metrics beside PopRec,
 * how each model's training ended).
 */
public final class TrainingReport {
  public static final String CURVES = "training-curves.png";
  public static final String SUMMARY = "report.md";

  /** Colours that stay apart on white (Okabe-Ito). */
  private static final Color[] PALETTE = {
    new Color(0, 114, 178),
    new Color(213, 94, 0),
    new Color(0, 158, 115),
    new Color(204, 121, 167),
    new Color(86, 180, 233),
    new Color(230, 159, 0)
  };

  /**
   * How one model's training went.
   *
   * @param settings the chosen settings
   * @param search how they were chosen, and the winner's training
   */
  public record ModelRun(String model, Map<String, Object> settings, SettingsSearch.Result search) {
    public Trainer.Outcome outcome() {
      return search.outcome();
    }

    /** The model's entry under {@code training} in the manifest. */
    public Map<String, Object> manifestEntry() {
      Trainer.Outcome o = outcome();
      List<Map<String, Object>> table = new ArrayList<>();
      for (SettingsSearch.Row r : search.table()) {
        table.add(
            Settings.of(
                "candidate", r.candidate(),
                "settings", r.settings(),
                "rungs", r.turns(),
                "epochs", round(r.epochs(), 2),
                "seconds", round(r.seconds(), 1),
                "best_validation_ndcg@10", round(r.bestNdcg10(), 5),
                "best_after_rung", r.bestAfterRung().stream().map(v -> round(v, 5)).toList(),
                "result", r.result()));
      }
      Map<String, Object> how =
          Settings.of(
              "method", search.method(),
              "searched", search.searched(),
              "chosen", search.candidate());
      if (search.start() != null) {
        how.put("start", search.start().toMap());
      }
      how.put("candidates", table);
      return Settings.of(
          "settings", settings,
          "epochs",
              round(o.epochs().isEmpty() ? 0 : o.epochs().get(o.epochs().size() - 1).epoch(), 2),
          "best_epoch", round(o.bestEpoch(), 2),
          "stopped_by", o.stop(),
          "train_seconds", round(o.seconds(), 1),
          "search", how);
    }
  }

  /** What report.md shows. */
  public record Summary(
      Map<String, Object> data,
      List<MetricsRow> rows,
      Ease.Result ease,
      List<ModelRun> runs,
      String version,
      String command) {}

  private TrainingReport() {}

  public static void writeCurves(Path file, List<ModelRun> runs) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection loss = new XYSeriesCollection();
    XYSeriesCollection ndcg = new XYSeriesCollection();
    for (ModelRun run : runs) {
      XYSeries l = new XYSeries(run.model() + " training loss");
      XYSeries s = new XYSeries(run.model() + " val NDCG@10 sampled-100");
      XYSeries f = new XYSeries(run.model() + " val NDCG@10 full");
      for (Trainer.EpochRecord e : run.outcome().epochs()) {
        l.add(e.epoch(), e.trainLoss());
        s.add(e.epoch(), e.validationSampled().ndcg10());
        f.add(e.epoch(), e.validationFull().ndcg10());
      }
      loss.addSeries(l);
      ndcg.addSeries(s);
      ndcg.addSeries(f);
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    plot.add(subplot(loss, "training loss"), 1);
    plot.add(subplot(ndcg, "validation NDCG@10"), 1);
    JFreeChart chart =
        new JFreeChart("Overdrive training", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 800);
  }

  private static XYPlot subplot(XYSeriesCollection data, String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int k = 0; k < data.getSeriesCount(); k++) {
      renderer.setSeriesStroke(k, new BasicStroke(2f));
      renderer.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
    }
    XYPlot p = new XYPlot(data, null, axis, renderer);
    p.setBackgroundPaint(Color.WHITE);
    p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    p.setDomainGridlinePaint(Color.LIGHT_GRAY);
    return p;
  }

  /** Writes report.md. */
  public static void writeSummary(Path file, Summary summary) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Training report\n\n");
    md.append("Model version: `").append(summary.version()).append("`\n\n");
    if (summary.command() != null) {
      md.append("Command: `").append(summary.command()).append("`\n\n");
    }
    md.append("## Data\n\n| | |\n| --- | --- |\n");
    summary
        .data()
        .forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Test metrics (leave-one-out, last item)\n\n");
    md.append("| model | protocol | HR@10 | NDCG@10 | HR@20 | NDCG@20 | users | train s |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (MetricsRow r : summary.rows()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.4f | %.4f | %.4f | %.4f | %d | %.0f |\n",
              r.model(),
              r.protocol(),
              r.metrics().hr10(),
              r.metrics().ndcg10(),
              r.metrics().hr20(),
              r.metrics().ndcg20(),
              r.metrics().users(),
              r.trainSeconds()));
    }
    md.append(
        "\n`sampled-100`: the target ranked among 100 items the user never interacted with (SASRec's"
            + " protocol); `full`: among every item the user has not interacted with in the"
            + " input. PopRec ranks by training popularity and EASE is a closed-form item-item"
            + " model: every figure is read beside them.\n");
    Ease.Result ease = summary.ease();
    if (ease != null) {
      md.append("\n").append(ease.describe()).append(".\n");
    } else {
      md.append("\nEASE skipped (`--ease-max-items 0`).\n");
    }
    md.append("\n## Training\n\n");
    for (ModelRun run : summary.runs()) {
      Trainer.Outcome o = run.outcome();
      md.append(
          String.format(
              Locale.ROOT,
              "- **%s**: %s epochs in %.0f s, best validation NDCG@10 %s at epoch %s; stopped by"
                  + " %s. Settings: %s\n",
              run.model(),
              epochs(o.epochs().isEmpty() ? 0 : o.epochs().get(o.epochs().size() - 1).epoch()),
              o.seconds(),
              ndcg(o.bestNdcg10()),
              epochs(o.bestEpoch()),
              o.stop(),
              run.settings()));
    }
    for (ModelRun run : summary.runs()) {
      SettingsSearch.Result search = run.search();
      md.append("\n## Settings search: ").append(run.model()).append("\n\n");
      md.append("Chosen: **").append(search.candidate()).append("**, by ");
      md.append(search.method()).append(". ");
      md.append(
          search.searched().isEmpty()
              ? "Nothing varied."
              : "Dimensions varied around the rule's start: "
                  + String.join(", ", search.searched())
                  + ".");
      md.append(" Validation NDCG@10 on the model's selection protocol.\n\n");
      SettingsSearch.Start start = search.start();
      if (start != null) {
        md.append(
            String.format(
                Locale.ROOT,
                "Measured on the rule's own training before the others' turns: %.1f s per epoch"
                    + " (%s), and when it was decided, after"
                    + " %.0f s (%.1f epochs), its best validation NDCG@10 %s over the last third of"
                    + " that time (the search waits while it rises by more than %.0f%%): %s.\n\n",
                start.secondsPerEpoch(),
                start.epochsMeasured() == 0
                    ? "from the steps of its first epoch so far, per example, stalls left out"
                    : String.format(
                        Locale.ROOT,
                        "the median of %d epochs; the first %.1f s",
                        start.epochsMeasured(),
                        start.probeSecondsPerEpoch()),
                start.ruleSeconds(),
                start.ruleEpochs(),
                Double.isFinite(start.ruleGain())
                    ? String.format(Locale.ROOT, "rose %.1f%%", 100 * start.ruleGain())
                    : "had nothing to compare with",
                100 * SettingsSearch.STILL_LEARNING,
                switch (start.decision()) {
                  case SettingsSearch.SEARCHED ->
                      start.candidates()
                          + " candidates, first turns of "
                          + Math.round(start.firstTurnSeconds())
                          + " s";
                  case SettingsSearch.SEARCHED_PER_MINUTE ->
                      String.format(
                          Locale.ROOT,
                          "too slow an epoch for any search, so its cheaper alternative was"
                              + " measured (%.1f s per epoch) and the two compared at equal time,"
                              + " first turns of %d s, each in its own epochs",
                          start.cheaperSecondsPerEpoch(),
                          Math.round(start.firstTurnSeconds()));
                  case SettingsSearch.FORKED ->
                      String.format(
                          Locale.ROOT,
                          "%d forks of its parameters beside it, turns of %d s each (no search"
                              + " from scratch fitted the time left; the rule's best rose %.1f%%"
                              + " over its last %d s, the time the forks' turns take from it)",
                          start.candidates() - 1,
                          Math.round(start.firstTurnSeconds()),
                          100 * start.forksCostGain(),
                          Math.round(start.forksCostSeconds()));
                  case SettingsSearch.TOO_SLOW -> "no search fitted the budget";
                  default ->
                      String.format(
                              Locale.ROOT,
                              "the rule kept the time: it was still learning fast at the end of"
                                  + " its first turn (+%.1f%%), and no search fitted later",
                              100 * start.firstTurnGain())
                          + (Double.isNaN(start.forksCostSeconds())
                              ? ""
                              : String.format(
                                  Locale.ROOT,
                                  "; forks fitted, but the last time their turns would have taken"
                                      + " %d s of its training, over which its best had just"
                                      + " risen %.1f%% (forks start at %.0f%% at most)",
                                  Math.round(start.forksCostSeconds()),
                                  100 * start.forksCostGain(),
                                  100 * SettingsSearch.MAX_FORKS_COST));
                }));
      }
      md.append("| candidate | epochs | seconds | best after each rung | best | result |\n");
      md.append("| --- | --- | --- | --- | --- | --- |\n");
      for (SettingsSearch.Row r : search.table()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.0f | %s | %s | %s |\n",
                r.candidate(),
                epochs(r.epochs()),
                r.seconds(),
                String.join(" / ", r.bestAfterRung().stream().map(TrainingReport::ndcg).toList()),
                ndcg(r.bestNdcg10()),
                r.result()));
      }
    }
    if (ease != null) {
      md.append("\n## EASE regularisation (validation NDCG@10)\n\n");
      md.append("| lambda | full | sampled-100 |\n| --- | --- | --- |\n");
      for (Ease.LambdaRow r : ease.search()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.4f | %.4f |\n",
                Ease.number(r.lambda()),
                r.validationNdcg10Full(),
                r.validationNdcg10Sampled()));
      }
    }
    md.append("\n![training curves](").append(CURVES).append(")\n");
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  /** Epochs as a whole number when whole, else to two decimals. */
  static String epochs(double e) {
    return e == Math.rint(e) ? Long.toString((long) e) : String.format(Locale.ROOT, "%.2f", e);
  }

  /** Rounded for JSON; null when there is no figure (no validation happened). */
  static Double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    return Double.isFinite(v) ? Math.round(v * scale) / scale : null;
  }

  private static String ndcg(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
  }
}
