package io.overdrive.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: epoch, batches, running loss, throughput and ETA. Redrawn in
 * place on a terminal; when the output is a file or pipe, a plain line every quarter epoch.
 */
public final class ProgressBar {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private String label = "";
  private int total;
  private int first;
  private int done;
  private long startNanos;
  private long lastDraw;
  private int lastQuarter;
  private double lossSum;
  private int lossCount;
  private long examples;

  public ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  public static ProgressBar stderr() {
    return new ProgressBar(System.err, System.console() != null);
  }

  public void start(String label, int totalBatches) {
    start(label, totalBatches, 0);
  }

  /** Starts a bar for an epoch of which {@code alreadyDone} batches were trained before. */
  public void start(String label, int totalBatches, int alreadyDone) {
    this.label = label;
    this.total = Math.max(totalBatches, 1);
    this.first = alreadyDone;
    this.done = alreadyDone;
    this.startNanos = System.nanoTime();
    this.lastDraw = 0;
    this.lastQuarter = (int) (4L * alreadyDone / this.total);
    this.lossSum = 0;
    this.lossCount = 0;
    this.examples = 0;
  }

  /** Records a finished batch. */
  public void step(int done, float loss, long batchExamples) {
    this.done = done;
    lossSum += loss;
    lossCount++;
    examples += batchExamples;
    long now = System.nanoTime();
    if (interactive) {
      if (now - lastDraw > 200_000_000L || done == total) {
        lastDraw = now;
        out.print("\r" + line(done, now));
        out.flush();
      }
    } else {
      int quarter = (int) (4L * done / total);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        out.println(line(done, now));
      }
    }
  }

  /** Mean loss of the batches since {@link #start}. */
  double meanLoss() {
    return lossCount == 0 ? Double.NaN : lossSum / lossCount;
  }

  /** Ends the bar with a summary after it (validation figures). */
  public void finish(String summary) {
    if (interactive) {
      out.print("\r" + line(done, System.nanoTime()) + "  " + summary + "\n");
    } else {
      out.println(label + "  " + summary);
    }
    out.flush();
  }

  private String line(int done, long now) {
    double secs = Math.max((now - startNanos) / 1e9, 1e-9);
    int filled = (int) ((long) WIDTH * done / total);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double eta = done <= first ? 0 : secs * (total - done) / (done - first);
    return String.format(
        Locale.ROOT,
        "%s [%s] %d/%d loss %.4f  %.0f ex/s  %s elapsed, %s left",
        label,
        bar,
        done,
        total,
        meanLoss(),
        examples / secs,
        clock(secs),
        clock(eta));
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
