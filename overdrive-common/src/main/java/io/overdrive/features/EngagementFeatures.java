package io.overdrive.features;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import java.time.Duration;
import java.time.Instant;

/**
 * Engagement rates smoothed with Beta priors, so one like out of one view is not 100%: a rate is
 * {@code (successes + a) / (trials + a + b)} with the prior mean {@code a / (a + b)} and strength
 * {@code a + b} pseudo-observations. A caller's own engagement estimate acts as the prior mean when
 * present: our observations refine it as they accumulate.
 *
 * <p>The recent rate uses counts that decay with a {@link #RECENT_HALF_LIFE} (forward decay, like
 * learned interests), smoothed towards the all-time rate: a post that stopped engaging people
 * falls, one that just took off rises, and a post with little recent traffic keeps its all-time
 * rate.
 *
 * @param engagementRate positive engagements (like, share, comment, follow) per impression
 * @param likeRate likes per impression
 * @param shareRate shares per impression
 * @param negativeRate skips, not-interested and reports per impression
 * @param reportRate reports per impression
 * @param meanDwellMs mean dwell of views, smoothed towards {@link #PRIOR_DWELL_MS}
 * @param completionRate mean completion of views that reported one, smoothed towards 0.5
 * @param recentEngagementRate engagement rate over decayed recent counts, smoothed towards {@code
 *     engagementRate}
 */
public record EngagementFeatures(
    double engagementRate,
    double likeRate,
    double shareRate,
    double negativeRate,
    double reportRate,
    double meanDwellMs,
    double completionRate,
    double recentEngagementRate) {

  /** Prior mean of the engagement rate on a social feed, and its strength in impressions. */
  public static final double PRIOR_ENGAGEMENT = 0.05;

  public static final double PRIOR_STRENGTH = 50;
  public static final double PRIOR_DWELL_MS = 5000;

  /** Background report rate, and its strength: reports are rare, so the prior is strong. */
  public static final double PRIOR_REPORT_RATE = 0.001;

  public static final double PRIOR_REPORT_STRENGTH = 200;

  /** Half-life of the recent item counters; part of the stored data's meaning, not a knob. */
  public static final Duration RECENT_HALF_LIFE = Duration.ofDays(7);

  public static final ForwardDecay RECENT_DECAY = new ForwardDecay(RECENT_HALF_LIFE);

  /** Pseudo-impressions of the all-time rate when smoothing the recent one. */
  public static final double RECENT_PRIOR_STRENGTH = 30;

  public EngagementFeatures(
      double engagementRate,
      double likeRate,
      double shareRate,
      double negativeRate,
      double reportRate,
      double meanDwellMs,
      double completionRate) {
    this(
        engagementRate,
        likeRate,
        shareRate,
        negativeRate,
        reportRate,
        meanDwellMs,
        completionRate,
        engagementRate);
  }

  /** All-time rates only; the recent rate equals the all-time one. */
  public static EngagementFeatures of(Item item, ItemStats s) {
    return of(item, s, null);
  }

  /** All rates, the recent one decayed to {@code now} (null: no recency). */
  public static EngagementFeatures of(Item item, ItemStats s, Instant now) {
    return now == null ? of(item, s, false, 0) : of(item, s, true, RECENT_DECAY.factorAt(now));
  }

  /**
   * All rates, the recent one decayed by {@code recentFactor} ({@code RECENT_DECAY.factorAt(now)},
   * the same for every item of a ranking): the same values as {@code of(item, s, now)}.
   */
  public static EngagementFeatures ofDecayed(Item item, ItemStats s, double recentFactor) {
    return of(item, s, true, recentFactor);
  }

  private static EngagementFeatures of(
      Item item, ItemStats s, boolean recency, double recentFactor) {
    double prior =
        item.engagementRate() != null ? clamp01(item.engagementRate()) : PRIOR_ENGAGEMENT;
    // impressions may be missing when a client only sends engagement events
    double trials = Math.max(s.impressions(), Math.max(s.views(), s.positiveEngagements()));
    double rate = smooth(s.positiveEngagements(), trials, prior, PRIOR_STRENGTH);
    double recent = rate;
    if (recency && s.hasRecent()) {
      // ForwardDecay.decode(stored, now) is stored * factorAt(now)
      double engagements = s.recentEngagements() * recentFactor;
      double recentTrials =
          Math.max(s.recentImpressions(), Math.max(s.recentViews(), s.recentEngagements()))
              * recentFactor;
      recent = smooth(engagements, recentTrials, rate, RECENT_PRIOR_STRENGTH);
    }
    return new EngagementFeatures(
        rate,
        smooth(s.likes(), trials, prior * 0.6, PRIOR_STRENGTH),
        smooth(s.shares(), trials, prior * 0.1, PRIOR_STRENGTH),
        smooth(s.negativeSignals(), trials, 0.1, PRIOR_STRENGTH),
        smooth(s.reports(), trials, PRIOR_REPORT_RATE, PRIOR_REPORT_STRENGTH),
        (s.dwellMsTotal() + PRIOR_DWELL_MS * 5) / (s.views() + 5.0),
        (s.completionTotal() + 0.5 * 5) / (s.completionCount() + 5.0),
        recent);
  }

  /** Beta-smoothed rate: {@code (k + m * n0) / (n + n0)}. */
  public static double smooth(double successes, double trials, double priorMean, double strength) {
    return (successes + priorMean * strength) / (trials + strength);
  }

  /**
   * An engagement rate mapped to [0, 1) against the feed's prior: {@code r / (r + prior)}, so the
   * prior maps to 0.5 and the signal saturates for viral posts instead of growing without bound.
   */
  public static double normalized(double rate) {
    return rate / (rate + PRIOR_ENGAGEMENT);
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
