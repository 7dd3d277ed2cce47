package io.overdrive.synthetic;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a synthetic world as an archive (items, users, events, and the hidden truth) for the
 * trainer, the benchmarks and the demo:
 *
 * <pre>
 * java -cp ... io.overdrive.synthetic.GenerateWorld --users 10000 --items 100000 \
 *     --events-per-user 100 --seed 42 --out /tmp/world [--authors N] [--interests N] [--gzip]
 * </pre>
 *
 * Prints one JSON line: what was written and how long it took.
 */
public final class GenerateWorld {
  private GenerateWorld() {}

  public static void main(String[] args) {
    SyntheticWorld.Config config = SyntheticWorld.Config.small();
    Path out = null;
    boolean gzip = false;
    boolean authorsGiven = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--users" -> config = config.withUsers(intArg(args, ++i, a));
          case "--items" -> config = config.withItems(intArg(args, ++i, a));
          case "--authors" -> {
            config = config.withAuthors(intArg(args, ++i, a));
            authorsGiven = true;
          }
          case "--interests" -> config = config.withInterests(intArg(args, ++i, a));
          case "--events-per-user" -> config = config.withEventsPerUser(intArg(args, ++i, a));
          case "--seed" -> config = config.withSeed(Long.parseLong(value(args, ++i, a)));
          case "--out" -> out = Path.of(value(args, ++i, a));
          case "--gzip" -> gzip = true;
          case "--help", "-h" -> {
            usage(null);
            return;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (out == null) {
        throw new IllegalArgumentException("--out DIR is required");
      }
      if (!authorsGiven) {
        // about 20 posts per author unless told otherwise
        config = config.withAuthors(Math.max(1, config.items() / 20));
      }
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    SyntheticWorld world = SyntheticWorld.generate(config);
    long events = world.writeTo(out, gzip);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"users\": %d, \"items\": %d, \"authors\": %d, \"interests\": %d, \"events\": %d,"
            + " \"seed\": %d, \"out\": \"%s\", \"seconds\": %.2f}%n",
        config.users(),
        config.items(),
        config.authors(),
        config.interests(),
        events,
        config.seed(),
        out.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\""),
        seconds);
  }

  private static int intArg(String[] args, int i, String name) {
    try {
      return Integer.parseInt(value(args, i, name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs an integer");
    }
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static void usage(String error) {
    if (error != null) {
      System.err.println("GenerateWorld: " + error);
    }
    System.err.println(
        "usage: GenerateWorld --out DIR [--users N] [--items N] [--authors N] [--interests N]"
            + " [--events-per-user N] [--seed S] [--gzip]");
  }
}
