package io.overdrive.ranking.filter;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    String threshold = null;
    for (Candidate c : candidates) {
      double quality = c.features().get(FeatureSlot.QUALITY);
      if (c.features().has(FeatureSlot.QUALITY) && quality < min) {
        if (threshold == null) {
          threshold = " below the threshold " + twoDecimals(min);
        }
        result.remove(c, "quality " + twoDecimals(quality) + threshold);
      }
    }
    return result.build();
  }

  /**
   * {@code String.format(Locale.ROOT, "%.2f", v)} without a {@link java.util.Formatter} (which
   * builds its decimal symbols on every call: a removed candidate cost more than a ranked one).
   * Both round the shortest decimal form of {@code v} half up; negative and non-finite values,
   * which a quality never is, go to the formatter.
   */
  static String twoDecimals(double v) {
    if (!(v >= 0) || Double.isInfinite(v) || Double.doubleToRawLongBits(v) == NEGATIVE_ZERO) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
}
