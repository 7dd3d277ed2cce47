package io.overdrive.domain;

/**
 * Engagement counters of an item as observed by Overdrive (all users). Rates derived from these are
 * smoothed with priors in {@code features.EngagementFeatures}.
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
    long completionCount) {

  public static final ItemStats EMPTY = new ItemStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public long positiveEngagements() {
    return likes + shares + comments + follows;
  }

  public long negativeSignals() {
    return skips + notInterested + reports;
  }
}
