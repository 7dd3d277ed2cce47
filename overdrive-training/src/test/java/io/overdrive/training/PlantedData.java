package io.overdrive.training;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.training.data.InteractionData;
import java.util.List;
import java.util.SplittableRandom;

/** Small data sets with a known, learnable structure, for the models' tests. */
public final class PlantedData {
  private PlantedData() {}

  /**
   * Sequential pattern: items form a ring; a user mostly moves to the item after the current one
   * (with probability {@code followRate}), otherwise jumps to a random item. A model that learns
   * "what comes next" ranks the true next item first most of the time.
   */
  public static InteractionData chains(
      int users, int items, int length, double followRate, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionData.Builder b = InteractionData.builder("planted-chains");
    for (int i = 0; i < items; i++) {
      b.itemInfo(new Item("m" + i, null, null, List.of(), List.of(), null, null, null));
    }
    for (int u = 0; u < users; u++) {
      int current = rnd.nextInt(items);
      for (int t = 0; t < length; t++) {
        b.interaction("u" + u, "m" + current, t);
        current = rnd.nextDouble() < followRate ? (current + 1) % items : rnd.nextInt(items);
      }
    }
    return b.build();
  }

  /**
   * Taste clusters: items belong to one of {@code clusters} topics (their hashtag), users to one
   * cluster, and a user's items come from their cluster with probability {@code loyalty}.
   */
  public static InteractionData clusters(
      int users, int items, int clusters, int length, double loyalty, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    InteractionData.Builder b = InteractionData.builder("planted-clusters");
    for (int i = 0; i < items; i++) {
      b.itemInfo(
          new Item(
              "m" + i,
              null,
              "movie " + i,
              List.of(topic(i % clusters)),
              List.of(),
              null,
              null,
              null));
    }
    for (int u = 0; u < users; u++) {
      int cluster = u % clusters;
      b.profile(new UserProfile("u" + u, List.of(), "", List.of(), null));
      for (int t = 0; t < length; t++) {
        int item;
        if (rnd.nextDouble() < loyalty) {
          item = cluster + clusters * rnd.nextInt(items / clusters);
        } else {
          item = rnd.nextInt(items);
        }
        b.interaction("u" + u, "m" + item, t);
      }
    }
    return b.build();
  }

  public static String topic(int cluster) {
    return "topic" + cluster;
  }
}
