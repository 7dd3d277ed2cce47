package io.overdrive.importer;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal (redrawn at most 5 times a second). */
final class ImportProgress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long total;
  private final long start;
  private final long t0 = System.nanoTime();
  private long done;
  private long lastDraw;

  ImportProgress(PrintStream out, long total, long alreadyDone) {
    this.out = out;
    this.total = total;
    this.start = alreadyDone;
    this.done = alreadyDone;
  }

  synchronized void advance(long lines, long rejects) {
    done += lines;
    long now = System.nanoTime();
    if (out != null && (now - lastDraw > 200_000_000L || done >= total)) {
      lastDraw = now;
      draw(rejects);
    }
  }

  private void draw(long rejects) {
    double share = total == 0 ? 1 : (double) done / total;
    int filled = (int) Math.round(share * WIDTH);
    double seconds = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
    out.printf(
        Locale.ROOT,
        "\r[%s%s] %3.0f%% %,d/%,d lines  %,.0f lines/s  %d rejected ",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        share * 100,
        done,
        total,
        (done - start) / seconds,
        rejects);
    out.flush();
  }

  synchronized void finish() {
    if (out != null) {
      out.println();
    }
  }
}
