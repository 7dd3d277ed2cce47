package io.overdrive.model;

import io.overdrive.domain.Item;
import io.overdrive.features.TextFeatures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two-tower model's inputs, computed the same way by the trainer and by the pure-Java scorer.
 * Everything is hashed (FNV-1a into fixed bucket counts), so users, items, interests and words the
 * model never saw still get an input.
 *
 * <ul>
 *   <li>item tokens: {@code tag:<interest>} for the item's interests, its text's words, {@code
 *       media:<type>}, {@code author:<id>}, coarse buckets of its engagement rate, quality and
 *       interaction count;
 *   <li>user tokens: {@code declared:<interest>} (signup, bio) and {@code tag:<interest>} with the
 *       learned weight (the same row as the items' interest, so behaviour and content meet);
 *   <li>history: the most recent {@link #HISTORY} items, pooled twice (a plain mean and a mean
 *       weighted {@code RECENCY_DECAY^k} for the k-th most recent).
 * </ul>
 */
public final class TwoTowerFeatures {
  public static final int HISTORY = 50;
  public static final float RECENCY_DECAY = 0.8f;
  static final float WORD_WEIGHT = 0.5f;
  static final int MAX_WORDS = 32;

  private TwoTowerFeatures() {}

  /** Bucket of a namespaced value: {@code FNV-1a(namespace + ":" + value) mod buckets}. */
  public static int bucket(String namespace, String value, int buckets) {
    return TextFeatures.bucket(namespace + ":" + value, buckets);
  }

  public static int userBucket(String userId, int buckets) {
    return bucket("user", userId, buckets);
  }

  public static int itemBucket(String itemId, int buckets) {
    return bucket("item", itemId, buckets);
  }

  /**
   * The item tower's content tokens.
   *
   * @param interests the item's canonical interests (with their taxonomy groupings)
   * @param interactions how many users interacted with it (views and engagements), 0 if unknown
   */
  public static WeightedTokens itemTokens(
      Item item, List<String> interests, long interactions, int buckets) {
    Map<Integer, Float> bag = new LinkedHashMap<>();
    for (String interest : interests) {
      bag.merge(bucket("tag", interest, buckets), 1f, Float::sum);
    }
    if (item.text() != null) {
      int[] words = TextFeatures.of(item.text(), buckets).tokenBuckets();
      for (int k = 0; k < Math.min(words.length, MAX_WORDS); k++) {
        bag.merge(words[k], WORD_WEIGHT, Float::sum);
      }
    }
    for (String media : item.mediaTypes()) {
      bag.merge(bucket("media", media.toLowerCase(Locale.ROOT), buckets), 1f, Float::sum);
    }
    if (item.authorId() != null && !item.authorId().isBlank()) {
      bag.merge(bucket("author", item.authorId(), buckets), 1f, Float::sum);
    }
    if (item.engagementRate() != null) {
      bag.merge(
          bucket("engagement", Integer.toString(rateBucket(item.engagementRate())), buckets),
          1f,
          Float::sum);
    }
    if (item.qualityScore() != null) {
      long q = Math.round(Math.max(0, Math.min(1, item.qualityScore())) * 10);
      bag.merge(bucket("quality", Long.toString(q), buckets), 1f, Float::sum);
    }
    int popularity = 63 - Long.numberOfLeadingZeros(Math.max(0, interactions) + 1); // log2
    bag.merge(bucket("popularity", Integer.toString(popularity), buckets), 1f, Float::sum);
    return normalised(bag);
  }

  /**
   * The user tower's interest tokens.
   *
   * @param declared declared interests and weights (signup, bio), as in InterestProfile
   * @param learned learned interest weights scaled to [-1, 1], as in InterestProfile
   */
  public static WeightedTokens userTokens(
      Map<String, Double> declared, Map<String, Double> learned, int buckets) {
    Map<Integer, Float> bag = new LinkedHashMap<>();
    declared.forEach(
        (k, v) -> bag.merge(bucket("declared", k, buckets), v.floatValue(), Float::sum));
    learned.forEach((k, v) -> bag.merge(bucket("tag", k, buckets), v.floatValue(), Float::sum));
    return normalised(bag);
  }

  /** Buckets and pooling weights of a history (most recent first, at most {@link #HISTORY}). */
  public record History(int[] buckets, float[] meanWeights, float[] recencyWeights) {
    public static final History EMPTY = new History(new int[0], new float[0], new float[0]);
  }

  public static History history(List<String> recentFirst, int itemBuckets) {
    int n = Math.min(recentFirst.size(), HISTORY);
    int[] ids = new int[n];
    for (int k = 0; k < n; k++) {
      ids[k] = itemBucket(recentFirst.get(k), itemBuckets);
    }
    return history(ids);
  }

  /** Pooling weights for bucketed history ids, most recent first. */
  public static History history(int[] bucketsRecentFirst) {
    int n = Math.min(bucketsRecentFirst.length, HISTORY);
    if (n == 0) {
      return History.EMPTY;
    }
    float[] mean = new float[n];
    float[] recency = new float[n];
    double total = 0;
    double w = 1;
    for (int k = 0; k < n; k++) {
      mean[k] = 1f / n;
      total += w;
      w *= RECENCY_DECAY;
    }
    w = 1;
    for (int k = 0; k < n; k++) {
      recency[k] = (float) (w / total);
      w *= RECENCY_DECAY;
    }
    int[] ids = new int[n];
    System.arraycopy(bucketsRecentFirst, 0, ids, 0, n);
    return new History(ids, mean, recency);
  }

  static int rateBucket(double rate) {
    double r = Math.max(1e-4, Math.min(1, rate));
    return (int) Math.floor(-Math.log(r) / Math.log(2));
  }

  private static WeightedTokens normalised(Map<Integer, Float> bag) {
    double total = 0;
    for (float v : bag.values()) {
      total += Math.abs(v);
    }
    if (total == 0) {
      return WeightedTokens.EMPTY;
    }
    List<Map.Entry<Integer, Float>> entries = new ArrayList<>(bag.entrySet());
    int[] ids = new int[entries.size()];
    float[] weights = new float[entries.size()];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = entries.get(k).getKey();
      weights[k] = (float) (entries.get(k).getValue() / total);
    }
    return new WeightedTokens(ids, weights);
  }
}
