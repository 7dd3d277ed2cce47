package io.overdrive.ranking.filter;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops candidates whose quality (as the {@link io.overdrive.ranking.scorer.EngagementScorer}
 * computed it: the caller's or a moderation score, pulled down by reports and rejections) is below
 * the {@code min_quality} setting: no amount of interest match makes spam fit for a For You feed.
 */
public final class QualityFilter implements Filter {
  @Override
  public String name() {
    return "QualityFilter";
  }

  @Override
  public Set<FeatureSlot> reads() {
    return Set.of(FeatureSlot.QUALITY);
  }

  @Override
  public FilterResult filter(RankingQuery query, List<Candidate> candidates) {
    double min = query.settings().minQuality();
    if (min <= 0) {
      return FilterResult.keepAll(candidates);
    }
    FilterResult.Builder result = FilterResult.of(candidates);
    for (Candidate c : candidates) {
      double quality = c.features().get(FeatureSlot.QUALITY);
      if (c.features().has(FeatureSlot.QUALITY) && quality < min) {
        result.remove(
            c, String.format(Locale.ROOT, "quality %.2f below the threshold %.2f", quality, min));
      }
    }
    return result.build();
  }
}
