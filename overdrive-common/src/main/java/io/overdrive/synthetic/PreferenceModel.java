package io.overdrive.synthetic;

import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The hidden preference model: what a user is shown next (the next part of a series, an item of one
 * of their true interests, or a popular one) and how likely they engage with it (their affinity to
 * its topic, its popularity and quality).
 */
final class PreferenceModel {
  private final double seriesFollowRate;
  private final List<SyntheticItem> items;
  private final Map<String, SyntheticItem> itemsById;
  private final Map<String, List<SyntheticItem>> itemsByTopic;
  private final double[] popularityCdf;

  PreferenceModel(
      double seriesFollowRate,
      List<SyntheticItem> items,
      Map<String, SyntheticItem> itemsById,
      Map<String, List<SyntheticItem>> itemsByTopic) {
    this.seriesFollowRate = seriesFollowRate;
    this.items = items;
    this.itemsById = itemsById;
    this.itemsByTopic = itemsByTopic;
    popularityCdf = new double[items.size()];
    double acc = 0;
    for (int i = 0; i < items.size(); i++) {
      acc += items.get(i).popularity();
      popularityCdf[i] = acc;
    }
  }

  /** Probability that the user engages with the item. */
  double engageProbability(SyntheticUser user, SyntheticItem item) {
    double affinity = user.trueInterests().getOrDefault(item.topic(), 0.0);
    double logit =
        -3.0
            + 6.0 * affinity
            + 0.4 * Math.log(item.popularity())
            + 1.5 * item.item().qualityScore();
    return 1 / (1 + Math.exp(-logit));
  }

  /** True when the item is on one of the user's true interests. */
  boolean relevant(SyntheticUser user, String itemId) {
    SyntheticItem i = itemsById.get(itemId);
    return i != null && user.trueInterests().containsKey(i.topic());
  }

  /** What the user is shown after {@code previous} (null: after nothing they engaged with). */
  SyntheticItem nextItem(SyntheticUser u, SyntheticItem previous, SplittableRandom rnd) {
    if (previous != null && rnd.nextDouble() < seriesFollowRate) {
      int nextIndex = Integer.parseInt(previous.item().id().substring(1)) + 1;
      if (nextIndex < items.size() && items.get(nextIndex).series() == previous.series()) {
        return items.get(nextIndex);
      }
    }
    if (rnd.nextDouble() < 0.6) {
      String topic = sampleTopic(u.trueInterests(), rnd);
      List<SyntheticItem> pool = itemsByTopic.get(topic);
      if (pool != null && !pool.isEmpty()) {
        return pool.get(rnd.nextInt(pool.size()));
      }
    }
    return samplePopular(rnd);
  }

  /** An item drawn with probability proportional to its popularity. */
  SyntheticItem samplePopular(SplittableRandom rnd) {
    double x = rnd.nextDouble() * popularityCdf[popularityCdf.length - 1];
    int lo = 0;
    int hi = popularityCdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (popularityCdf[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return items.get(lo);
  }

  private static String sampleTopic(Map<String, Double> weights, SplittableRandom rnd) {
    double x = rnd.nextDouble();
    double acc = 0;
    String last = null;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      acc += e.getValue();
      last = e.getKey();
      if (x < acc) {
        return last;
      }
    }
    return last;
  }
}
