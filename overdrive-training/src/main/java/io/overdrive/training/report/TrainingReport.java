package io.overdrive.training.report;

import io.overdrive.training.TrainingLoop;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

  /** How one model's training went. */
  public record ModelRun(
      String model, TrainingLoop.Outcome outcome, Map<String, Object> settings) {}

  private TrainingReport() {}

  public static void writeCurves(Path file, List<ModelRun> runs) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection loss = new XYSeriesCollection();
    XYSeriesCollection ndcg = new XYSeriesCollection();
    for (ModelRun run : runs) {
      XYSeries l = new XYSeries(run.model() + " training loss");
      XYSeries s = new XYSeries(run.model() + " val NDCG@10 sampled-100");
      XYSeries f = new XYSeries(run.model() + " val NDCG@10 full");
      for (TrainingLoop.EpochRecord e : run.outcome().epochs()) {
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
  public static void writeSummary(
      Path file,
      Map<String, Object> data,
      List<MetricsRow> rows,
      List<ModelRun> runs,
      String version,
      String command)
      throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Training report\n\n");
    md.append("Model version: `").append(version).append("`\n\n");
    if (command != null) {
      md.append("Command: `").append(command).append("`\n\n");
    }
    md.append("## Data\n\n| | |\n| --- | --- |\n");
    data.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Test metrics (leave-one-out, last item)\n\n");
    md.append("| model | protocol | HR@10 | NDCG@10 | HR@20 | NDCG@20 | users | train s |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (MetricsRow r : rows) {
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
            + " input. PopRec ranks by training popularity: every figure is read beside it.\n");
    md.append("\n## Training\n\n");
    for (ModelRun run : runs) {
      TrainingLoop.Outcome o = run.outcome();
      md.append(
          String.format(
              Locale.ROOT,
              "- **%s**: %d epochs in %.0f s, best validation NDCG@10 %.4f at epoch %d; stopped by"
                  + " %s. Settings: %s\n",
              run.model(),
              o.epochs().size(),
              o.seconds(),
              o.bestNdcg10(),
              o.bestEpoch(),
              o.stop(),
              run.settings()));
    }
    md.append("\n![training curves](").append(CURVES).append(")\n");
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  /** Ordered map helper for the data table. */
  public static Map<String, Object> table(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int k = 0; k + 1 < kv.length; k += 2) {
      m.put(String.valueOf(kv[k]), kv[k + 1]);
    }
    return m;
  }
}
