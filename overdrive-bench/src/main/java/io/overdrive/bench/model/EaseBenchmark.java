package io.overdrive.bench.model;

import ai.djl.ndarray.NDManager;
import io.overdrive.bench.BenchArgs;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.data.DataFormat;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.Ease;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the EASE baseline costs on a data set, as the trainer runs it before training (the
 * regularisation chosen on validation, then the final fits and their test evaluation), and what one
 * fit (the items x items inverse) costs alone at the modelled catalogue size. Prints one JSON line.
 *
 * <p>Usage: {@code EaseBenchmark DATA [sasrec|movielens|archive] [--max-items N] [--threads T]
 * [--fit-only LAMBDA]}; {@code --fit-only} times one fit with the given regularisation and nothing
 * else (to compare implementations of the fit).
 */
public final class EaseBenchmark {
  private EaseBenchmark() {}

  public static void main(String[] args) {
    Path data = Path.of(args[0]);
    int first = args.length > 1 && !args[1].startsWith("--") ? 2 : 1;
    DataFormat format = first == 2 ? DataFormat.parse(args[1]) : DataFormat.SASREC;
    BenchArgs options = BenchArgs.parse(Arrays.copyOfRange(args, first, args.length));
    int maxItems = options.integer("max-items", 12_500);
    int threads = options.integer("threads", 0);
    double fitOnly = options.decimal("fit-only", 0);
    DjlRuntime.configure(threads);
    InteractionData interactions = format.load(data, format.defaultMinInteractions());
    LeaveOneOutSplit split = new LeaveOneOutSplit(interactions);
    Evaluator evaluator = new Evaluator(split, 42);
    try (NDManager nd = NDManager.newBaseManager()) {
      if (fitOnly > 0) {
        int items = Math.min(maxItems, split.itemCount());
        long cpu0 = SequenceTrainingBenchmark.cpuNanos();
        long fit0 = System.nanoTime();
        Ease.fit(split, items, fitOnly, nd);
        System.out.printf(
            Locale.ROOT,
            "{\"benchmark\": \"ease\", \"mode\": \"fit-only\", \"data\": \"%s\", \"users\": %d, \"items\": %d,"
                + " \"modelled_items\": %d, \"lambda\": %s, \"one_fit_seconds\": %.1f,"
                + " \"cpu_seconds\": %.1f, \"threads\": %s, \"load_average\": %.1f}%n",
            data.getFileName(),
            split.userCount(),
            split.itemCount(),
            items,
            Ease.number(fitOnly),
            (System.nanoTime() - fit0) / 1e9,
            (SequenceTrainingBenchmark.cpuNanos() - cpu0) / 1e9,
            System.getProperty("ai.djl.pytorch.num_threads"),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return;
      }
      long cpu0 = SequenceTrainingBenchmark.cpuNanos();
      Ease.Result r = Ease.evaluate(split, evaluator, maxItems, nd);
      double cpu = (SequenceTrainingBenchmark.cpuNanos() - cpu0) / 1e9;
      // one more fit, timed alone: the gram matrix and the inverse, no evaluation
      long fit0 = System.nanoTime();
      Ease.fit(split, r.items(), r.lambdaFull(), nd);
      double fit = (System.nanoTime() - fit0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\": \"ease\", \"data\": \"%s\", \"users\": %d, \"items\": %d,"
              + " \"interactions\": %d, \"modelled_items\": %d, \"lambda_chosen_on_items\": %d,"
              + " \"lambdas_tried\": %d, \"lambda_full\": %s, \"lambda_sampled\": %s,"
              + " \"seconds\": %.1f, \"cpu_seconds\": %.1f, \"final_fits_seconds\": %.1f,"
              + " \"one_fit_seconds\": %.1f, \"threads\": %s, \"test_hr10_sampled\": %.4f,"
              + " \"test_hr20_full\": %.4f, \"load_average\": %.1f}%n",
          data.getFileName(),
          split.userCount(),
          split.itemCount(),
          interactions.interactionCount(),
          r.items(),
          r.searchItems(),
          r.search().size(),
          Ease.number(r.lambdaFull()),
          Ease.number(r.lambdaSampled()),
          r.seconds(),
          cpu,
          r.fitSeconds(),
          fit,
          System.getProperty("ai.djl.pytorch.num_threads"),
          r.test().sampled().hr10(),
          r.test().full().hr20(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
