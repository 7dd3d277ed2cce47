package io.overdrive.training;

/** The trainer's command line. */
public final class TrainerCli {
  private TrainerCli() {}

  public static void main(String[] args) {
    System.err.println("usage: overdrive-training --data-dir DIR --output-dir DIR");
    System.exit(2);
  }
}
