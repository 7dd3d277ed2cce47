package io.overdrive.training;

import io.overdrive.training.data.DataFormat;
import io.overdrive.training.data.MalformedDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trainer's command line: {@code java -jar overdrive-training.jar --data-dir ... --output-dir
 * ...} (options in {@link TrainerOptions#USAGE}). Exit codes: 0 done, 1 bad data or failure, 2 bad
 * options.
 */
public final class TrainerCli {
  /** Set in the child JVM so it does not relaunch itself again. */
  static final String RELAUNCHED = "overdrive.training.relaunched";

  private TrainerCli() {}

  public static void main(String[] args) {
    TrainerOptions options;
    try {
      options = TrainerOptions.parse(args);
    } catch (TrainerOptions.HelpRequested e) {
      System.out.print(TrainerOptions.USAGE);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(TrainerOptions.USAGE);
      System.exit(2);
      return;
    }
    Optional<Integer> child = relaunchWithPassiveOpenMp();
    if (child.isPresent()) {
      System.exit(child.get());
      return;
    }
    DjlRuntime.configure(options.threads());
    try {
      ObjectStorage.fetchArchive(ObjectStorage.ENVIRONMENT, options.dataDir(), System.out);
      if (options.format() == DataFormat.ARCHIVE) {
        ObjectStorage.eraseInArchive(ObjectStorage.ENVIRONMENT, options.dataDir(), System.out);
      }
      TrainingRun.Result result =
          new TrainingRun(options, System.out, ProgressBar.stderr())
              .command("overdrive-training " + String.join(" ", args))
              .run();
      ObjectStorage.publishModel(
          ObjectStorage.ENVIRONMENT, result.outputDir(), result.version(), System.out);
    } catch (MalformedDataException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * PyTorch's OpenMP threads spin while waiting by default, which slows training by an order of
   * magnitude when any other process wants a core. The policy is read from the environment when the
   * native library loads, and a JVM cannot set its own environment, so the CLI runs itself once
   * more with {@code OMP_WAIT_POLICY=PASSIVE} unless the caller set a policy. Returns the child's
   * exit code, or empty to go on in this JVM.
   */
  static Optional<Integer> relaunchWithPassiveOpenMp() {
    if (System.getenv("OMP_WAIT_POLICY") != null || Boolean.getBoolean(RELAUNCHED)) {
      return Optional.empty();
    }
    ProcessHandle.Info info = ProcessHandle.current().info();
    Optional<String> java = info.command();
    Optional<String[]> arguments = info.arguments();
    if (java.isEmpty() || arguments.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java.get());
    command.add("-D" + RELAUNCHED + "=true");
    command.addAll(List.of(arguments.get()));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    try {
      Process p = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      return Optional.of(p.waitFor());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(130);
    }
  }
}
