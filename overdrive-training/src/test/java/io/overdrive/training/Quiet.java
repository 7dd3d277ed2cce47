package io.overdrive.training;

import java.io.OutputStream;
import java.io.PrintStream;

/** A progress bar that prints nothing (tests). */
public final class Quiet {
  private Quiet() {}

  public static ProgressBar progress() {
    return new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), false);
  }
}
