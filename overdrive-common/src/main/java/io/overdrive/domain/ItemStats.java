package io.overdrive.domain;

/**
 * Engagement counters of an item as observed by Overdrive (all users). Rates derived from these are
 * smoothed with priors in {@code features.EngagementFeatures}.
 *
 * @param recentImpressions impressions as a forward-decayed sum (see {@code
 *     features.EngagementFeatures#RECENT_DECAY}); decode with the same decay
 * @param recentViews views as a forward-decayed sum
 * @param recentEngagements positive engagements as a forward-decayed sum
 */
public record ItemStats(
    long impressions,
    long views,
    long likes,
    long shares,
    long comments,
    long follows,
    long skips,
    long notInterested,
    long reports,
    long dwellMsTotal,
    double completionTotal,
    long completionCount,
    double recentImpressions,
    double recentViews,
    double recentEngagements) {

  public static final ItemStats EMPTY = new ItemStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** All-time counters only (no recent sums). */
  public ItemStats(
      long impressions,
      long views,
      long likes,
      long shares,
      long comments,
      long follows,
      long skips,
      long notInterested,
      long reports,
      long dwellMsTotal,
      double completionTotal,
      long completionCount) {
    this(
        impressions,
        views,
        likes,
        shares,
        comments,
        follows,
        skips,
        notInterested,
        reports,
        dwellMsTotal,
        completionTotal,
        completionCount,
        0,
        0,
        0);
  }

  public long positiveEngagements() {
    return likes + shares + comments + follows;
  }

  public long negativeSignals() {
    return skips + notInterested + reports;
  }

  /** True when the recent (decayed) sums were recorded. */
  public boolean hasRecent() {
    return recentImpressions > 0 || recentViews > 0 || recentEngagements > 0;
  }
}
