package io.overdrive.bench.ranking;

import io.overdrive.coldstart.ColdStartEvaluation;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.synthetic.SyntheticWorld;

/**
 * Precision@k of new users' first feeds on their hidden true interests against a popularity-ordered
 * feed of the same candidates, in a synthetic world of the given size (protocol: {@link
 * ColdStartEvaluation}, overdrive-common's test jar). Prints one JSON line. Run with {@code
 * bench/cold-start-precision.sh [--users 2000] [--items 20000] [--candidates 500] [--k 20] [--seed
 * 42]}.
 */
public final class ColdStartPrecisionBenchmark {
  private ColdStartPrecisionBenchmark() {}

  public static void main(String[] args) {
    int users = 2000;
    int items = 20_000;
    int candidates = 500;
    int k = 20;
    long seed = 42;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 == args.length) {
        usage();
      }
      switch (args[i]) {
        case "--users" -> users = Integer.parseInt(args[i + 1]);
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        case "--candidates" -> candidates = Integer.parseInt(args[i + 1]);
        case "--k" -> k = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> usage();
      }
    }
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small()
                .withUsers(users)
                .withItems(items)
                .withAuthors(Math.max(1, items / 20))
                .withSeed(seed));
    ColdStartEvaluation.Result r =
        ColdStartEvaluation.run(
            world, candidates, k, RankingSettings.defaults(), Integer.MAX_VALUE);
    System.out.println(
        "{\"benchmark\": \"cold-start-precision\", \"seed\": "
            + seed
            + ", "
            + r.toJson().substring(1));
  }

  private static void usage() {
    System.err.println(
        "usage: bench/cold-start-precision.sh [--users N] [--items N] [--candidates N] [--k N]"
            + " [--seed S]");
    System.exit(2);
  }
}
