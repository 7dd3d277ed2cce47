package io.overdrive.bench.model;

import ai.djl.Device;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.TrainableModel;
import io.overdrive.training.data.DataFormat;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.sequence.SequenceConfig;
import io.overdrive.training.sequence.TrainableSequenceModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Cost of the sequence model's training on a data set: wall-clock and process CPU seconds per
 * epoch, split into forward + loss, backward and optimiser update, and the cost of one validation
 * (both protocols over every evaluated user). Prints one JSON line. The settings are the trainer's
 * defaults unless overridden.
 *
 * <p>Usage: {@code SequenceTrainingBenchmark DATA [sasrec|movielens|archive] [--steps N] [--batch
 * B] [--max-length L] [--dim D] [--threads T]}; {@code --steps} limits the epoch (the epoch figures
 * are then extrapolated from the steps taken).
 */
public final class SequenceTrainingBenchmark {
  private SequenceTrainingBenchmark() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    DataFormat format =
        args.length > 1 && !args[1].startsWith("--")
            ? DataFormat.parse(args[1])
            : DataFormat.SASREC;
    int steps = Integer.MAX_VALUE;
    int batch = 0;
    int maxLength = 0;
    int dim = 0;
    int threads = 0;
    for (int k = 1; k < args.length - 1; k++) {
      switch (args[k]) {
        case "--steps" -> steps = Integer.parseInt(args[++k]);
        case "--batch" -> batch = Integer.parseInt(args[++k]);
        case "--max-length" -> maxLength = Integer.parseInt(args[++k]);
        case "--dim" -> dim = Integer.parseInt(args[++k]);
        case "--threads" -> threads = Integer.parseInt(args[++k]);
        default -> {}
      }
    }
    DjlRuntime.configure(threads);
    InteractionData interactions = format.load(data, format.defaultMinInteractions());
    LeaveOneOutSplit split = new LeaveOneOutSplit(interactions);
    SequenceConfig config = SequenceConfig.defaults(split.itemCount(), split.userCount());
    if (batch > 0) {
      config = config.withBatchSize(batch);
    }
    if (maxLength > 0) {
      config = config.withMaxLength(maxLength);
    }
    if (dim > 0) {
      config = config.withDim(dim);
    }
    try (TrainableSequenceModel trainer =
        new TrainableSequenceModel(split, config, Device.cpu(), 42)) {
      List<? extends TrainableModel.Batch> batches = trainer.epoch(new SplittableRandom(1));
      // warm-up: the first steps allocate PyTorch's buffers and compile nothing but still cost
      for (int k = 0; k < Math.min(2, batches.size()); k++) {
        trainer.step(batches.get(batches.size() - 1 - k));
      }
      long[] before = trainer.optimizer().stepNanos();
      long cpu0 = cpuNanos();
      long wall0 = System.nanoTime();
      int taken = Math.min(steps, batches.size());
      long examples = 0;
      for (int k = 0; k < taken; k++) {
        trainer.step(batches.get(k));
        examples += batches.get(k).examples();
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpu = (cpuNanos() - cpu0) / 1e9;
      long[] after = trainer.optimizer().stepNanos();
      double scale = (double) batches.size() / taken;
      Evaluator evaluator = new Evaluator(split, 42);
      long vcpu0 = cpuNanos();
      long vwall0 = System.nanoTime();
      Evaluator.Result v = evaluator.evaluate(trainer.scorer(), Phase.VALIDATION);
      double vwall = (System.nanoTime() - vwall0) / 1e9;
      double vcpu = (cpuNanos() - vcpu0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\": \"sequence-training\", \"data\": \"%s\", \"users\": %d, \"items\": %d,"
              + " \"interactions\": %d, \"batch\": %d, \"max_length\": %d, \"dim\": %d,"
              + " \"threads\": %s, \"batches_per_epoch\": %d, \"steps_timed\": %d,"
              + " \"examples_per_s\": %.0f, \"epoch_wall_s\": %.1f, \"epoch_cpu_s\": %.1f,"
              + " \"forward_share\": %.2f, \"backward_share\": %.2f, \"update_share\": %.2f,"
              + " \"validation_wall_s\": %.1f, \"validation_cpu_s\": %.1f,"
              + " \"val_ndcg10_sampled_after_epoch\": %.4f, \"load_average\": %.1f}%n",
          data.getFileName(),
          split.userCount(),
          split.itemCount(),
          interactions.interactionCount(),
          config.batchSize(),
          config.maxLength(),
          config.dim(),
          System.getProperty("ai.djl.pytorch.num_threads"),
          batches.size(),
          taken,
          examples / wall,
          wall * scale,
          cpu * scale,
          share(before, after, 0),
          share(before, after, 1),
          share(before, after, 2),
          vwall,
          vcpu,
          v.sampled().ndcg10(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static double share(long[] before, long[] after, int part) {
    double total = 0;
    for (int k = 0; k < 3; k++) {
      total += after[k] - before[k];
    }
    return total == 0 ? 0 : (after[part] - before[part]) / total;
  }

  /** CPU time of the whole process, PyTorch's native threads included. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
