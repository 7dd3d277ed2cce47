package io.overdrive.catalogue;

import java.time.Duration;

/**
 * How fresh items are kept and given first impressions (the item side of the cold start; decision
 * 0305, docs/ranking.md "Fresh items").
 *
 * @param maxAge an item created (or, without {@code created_at}, posted) longer ago is not fresh:
 *     it does not enter the pool and gets no reserved slot
 * @param poolCapacity most items in the fresh pool (the newest by arrival)
 * @param share share of a feed's slots reserved for fresh items that have not yet collected {@code
 *     maxImpressions} impressions: {@code floor(limit * share)} (2 of 20 by default; 0 turns it
 *     off)
 * @param maxImpressions an item seen this often (impressions or views) has had its first
 *     impressions and competes on its engagement like any other
 * @param candidates fresh items added to the candidates of a request that brings none, the best
 *     matches of the user's interests among the newest
 * @param poll how often each replica reads the pool for items to embed and takedowns to apply
 */
public record FreshItemSettings(
    Duration maxAge,
    int poolCapacity,
    double share,
    long maxImpressions,
    int candidates,
    Duration poll) {

  public FreshItemSettings {
    require(maxAge != null && maxAge.toSeconds() >= 60, "fresh-item-max-age", "must be >= 1m");
    require(
        poolCapacity >= 1 && poolCapacity <= 1_000_000, "fresh-item-pool", "must be 1..1000000");
    require(share >= 0 && share <= 0.5, "fresh-item-share", "must be in [0, 0.5]");
    require(maxImpressions >= 1, "fresh-item-max-impressions", "must be >= 1");
    require(candidates >= 0 && candidates <= 1000, "fresh-candidates", "must be 0..1000");
    require(
        poll != null && poll.toMillis() >= 10 && poll.toMinutes() <= 10,
        "fresh-item-poll",
        "must be 10ms..10m");
  }

  public static FreshItemSettings defaults() {
    return new FreshItemSettings(Duration.ofHours(48), 10_000, 0.1, 50, 50, Duration.ofMillis(250));
  }

  /** Slots of a feed of {@code limit} items reserved for fresh items. */
  public int slots(int limit) {
    return (int) Math.floor(limit * share + 1e-9);
  }

  private static void require(boolean ok, String setting, String message) {
    if (!ok) {
      throw new IllegalArgumentException("overdrive." + setting + " " + message);
    }
  }
}
