package io.overdrive.ranking.stages;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;

/**
 * Drops candidates whose quality (as the {@link EngagementScorer} computed it: the caller's or a
 * moderation score, pulled down by reports and rejections) is below the {@code min_quality}
 * setting: no amount of interest match makes spam fit for a For You feed.
 */
public final class QualityFilter implements RankingStage {
  @Override
  public String name() {
    return "QualityFilter";
  }

  @Override
  public void apply(RankingContext ctx) {
    double min = ctx.settings().minQuality();
    if (min <= 0) {
      return;
    }
    for (Candidate c : ctx.candidates()) {
      if (c.features().has(FeatureSlot.QUALITY) && c.features().get(FeatureSlot.QUALITY) < min) {
        c.drop(
            String.format(
                java.util.Locale.ROOT,
                "quality %.2f below the threshold %.2f",
                c.features().get(FeatureSlot.QUALITY),
                min));
      }
    }
  }
}
