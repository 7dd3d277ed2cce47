package io.overdrive.features;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;

/**
 * Engagement rates smoothed with Beta priors, so one like out of one view is not 100%: a rate is
 * {@code (successes + a) / (trials + a + b)} with the prior mean {@code a / (a + b)} and strength
 * {@code a + b} pseudo-observations. A caller's own engagement estimate acts as the prior mean when
 * present: our observations refine it as they accumulate.
 *
 * @param engagementRate positive engagements (like, share, comment, follow) per impression
 * @param likeRate likes per impression
 * @param shareRate shares per impression
 * @param negativeRate skips, not-interested and reports per impression
 * @param reportRate reports per impression
 * @param meanDwellMs mean dwell of views, smoothed towards {@code priorDwellMs}
 * @param completionRate mean completion of views that reported one, smoothed towards 0.5
 */
public record EngagementFeatures(
    double engagementRate,
    double likeRate,
    double shareRate,
    double negativeRate,
    double reportRate,
    double meanDwellMs,
    double completionRate) {

  /** Prior mean of the engagement rate on a social feed, and its strength in impressions. */
  public static final double PRIOR_ENGAGEMENT = 0.05;

  public static final double PRIOR_STRENGTH = 50;
  public static final double PRIOR_DWELL_MS = 5000;

  public static EngagementFeatures of(Item item, ItemStats s) {
    double prior =
        item.engagementRate() != null ? clamp01(item.engagementRate()) : PRIOR_ENGAGEMENT;
    // impressions may be missing when a client only sends engagement events
    double trials = Math.max(s.impressions(), Math.max(s.views(), s.positiveEngagements()));
    return new EngagementFeatures(
        smooth(s.positiveEngagements(), trials, prior, PRIOR_STRENGTH),
        smooth(s.likes(), trials, prior * 0.6, PRIOR_STRENGTH),
        smooth(s.shares(), trials, prior * 0.1, PRIOR_STRENGTH),
        smooth(s.negativeSignals(), trials, 0.1, PRIOR_STRENGTH),
        smooth(s.reports(), trials, 0.001, 200),
        (s.dwellMsTotal() + PRIOR_DWELL_MS * 5) / (s.views() + 5.0),
        (s.completionTotal() + 0.5 * 5) / (s.completionCount() + 5.0));
  }

  /** Beta-smoothed rate: {@code (k + m * n0) / (n + n0)}. */
  public static double smooth(double successes, double trials, double priorMean, double strength) {
    return (successes + priorMean * strength) / (trials + strength);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
