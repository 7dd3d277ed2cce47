package io.overdrive.ranking.stages;

import io.overdrive.features.ContentQuality;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureVector;
import io.overdrive.features.Freshness;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.time.Duration;

/**
 * Engagement, quality and freshness priors of each candidate: what every user tends to like,
 * independent of this user. Rates are Beta-smoothed (one like of one view is not 100%) and the
 * blended engagement signal uses the recent, decayed rate.
 */
public final class EngagementScorer implements RankingStage {
  @Override
  public String name() {
    return "EngagementScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Duration half = ctx.settings().freshnessHalfLife();
    for (Candidate c : ctx.candidates()) {
      EngagementFeatures e = EngagementFeatures.of(c.item(), c.stats(), ctx.now());
      FeatureVector f = c.features();
      f.set(FeatureSlot.ENGAGEMENT, EngagementFeatures.normalized(e.recentEngagementRate()));
      f.set(FeatureSlot.ENGAGEMENT_RATE, e.engagementRate());
      f.set(FeatureSlot.RECENT_ENGAGEMENT_RATE, e.recentEngagementRate());
      f.set(FeatureSlot.LIKE_RATE, e.likeRate());
      f.set(FeatureSlot.SHARE_RATE, e.shareRate());
      f.set(FeatureSlot.NEGATIVE_RATE, e.negativeRate());
      f.set(FeatureSlot.REPORT_RATE, e.reportRate());
      f.set(FeatureSlot.COMPLETION_RATE, e.completionRate());
      f.set(FeatureSlot.LOG_MEAN_DWELL, Math.log1p(e.meanDwellMs() / 1000));
      f.set(FeatureSlot.LOG_IMPRESSIONS, Math.log1p(c.stats().impressions()));
      f.set(FeatureSlot.QUALITY, ContentQuality.of(c.item(), c.stats(), e));
      f.set(FeatureSlot.FRESHNESS, Freshness.of(c.item().createdAt(), ctx.now(), half));
      f.set(
          FeatureSlot.LOG_AGE_HOURS,
          Math.log1p(Freshness.ageHours(c.item().createdAt(), ctx.now())));
    }
  }
}
