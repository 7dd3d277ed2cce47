package io.overdrive.ranking.stages;

import io.overdrive.features.ContentQuality;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.ranking.Signals;
import java.time.Duration;

/**
 * Engagement, quality and freshness priors of each candidate: what every user tends to like,
 * independent of this user. Candidates below the quality threshold are dropped here.
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
      EngagementFeatures e = EngagementFeatures.of(c.item(), c.stats());
      double rate = e.engagementRate();
      c.signal(Signals.ENGAGEMENT, rate / (rate + EngagementFeatures.PRIOR_ENGAGEMENT), null);
      double quality = ContentQuality.of(c.item(), c.stats(), e);
      c.signal(Signals.QUALITY, quality, null);
      if (quality < ctx.settings().minQuality()) {
        c.drop(String.format("quality %.2f below %.2f", quality, ctx.settings().minQuality()));
      }
      double freshness = 0.5;
      if (c.item().createdAt() != null) {
        double ageMs = Math.max(0, Duration.between(c.item().createdAt(), ctx.now()).toMillis());
        freshness = Math.pow(2, -ageMs / half.toMillis());
      }
      c.signal(Signals.FRESHNESS, freshness, null);
    }
  }
}
