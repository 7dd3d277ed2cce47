package io.overdrive.bench.stream;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stream of realistic interactions for the benchmarks: users uniform, items Zipf-popular (a few
 * hot items, a long tail), the type mix of a short-video feed (mostly impressions and views), every
 * event with the item's author and one or two hashtags, as clients send them.
 */
final class SyntheticEventStream {
  private static final String[] TAGS = {
    "gaming",
    "fitness",
    "food",
    "travel",
    "photography",
    "art",
    "music",
    "tech",
    "fashion",
    "sports",
    "movies",
    "books",
    "comedy",
    "pets",
    "science",
    "finance",
    "diy",
    "education",
    "cars",
    "anime",
    "dance",
    "nature",
    "beauty",
    "parenting",
    "ps5",
    "recipes",
    "gym",
    "film"
  };
  private final int users;
  private final int items;
  private final double[] zipfCdf;
  private final SplittableRandom rnd;
  private final Instant start;

  SyntheticEventStream(int users, int items, long seed, Instant start) {
    this.users = users;
    this.items = items;
    this.rnd = new SplittableRandom(seed);
    this.start = start;
    zipfCdf = new double[items];
    double acc = 0;
    for (int i = 0; i < items; i++) {
      acc += 1.0 / Math.pow(i + 1, 0.9);
      zipfCdf[i] = acc;
    }
  }

  Interaction next(long n) {
    int item = zipf();
    double r = rnd.nextDouble();
    InteractionType type =
        r < 0.45
            ? InteractionType.IMPRESSION
            : r < 0.75
                ? InteractionType.VIEW
                : r < 0.87
                    ? InteractionType.LIKE
                    : r < 0.95
                        ? InteractionType.SKIP
                        : r < 0.975
                            ? InteractionType.SHARE
                            : r < 0.99 ? InteractionType.COMMENT : InteractionType.NOT_INTERESTED;
    List<String> tags =
        item % 3 == 0
            ? List.of(TAGS[item % TAGS.length], TAGS[(item / 7) % TAGS.length])
            : List.of(TAGS[item % TAGS.length]);
    return new Interaction(
        "b" + n,
        "u" + rnd.nextInt(users),
        "i" + item,
        "a" + (item % 2000),
        type,
        type == InteractionType.VIEW ? 1000 + rnd.nextInt(30_000) : 0,
        type == InteractionType.VIEW ? Math.round(rnd.nextDouble() * 100) / 100.0 : null,
        rnd.nextInt(50),
        "for_you",
        null,
        start.plusMillis(n * 3),
        tags);
  }

  private int zipf() {
    double x = rnd.nextDouble() * zipfCdf[items - 1];
    int lo = 0;
    int hi = items - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (zipfCdf[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  int items() {
    return items;
  }

  int users() {
    return users;
  }
}
