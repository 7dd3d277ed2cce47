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

  /**
   * The removal reasons of the last threshold, by the quality's hundredths: a described ranking
   * drops many candidates, and building each one's reason (two decimals and a concatenation) was
   * ~10% of the serving node's allocation per ranking. Racy by design (immutable strings, a lost
   * write costs a rebuild); a new threshold replaces the table.
   */
  private record Reasons(double min, String[] byHundredths) {}

  private volatile Reasons reasons;

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
        result.remove(c, reason(quality, min));
      }
    }
    return result.build();
  }

  /** "quality 0.05 below the threshold 0.30": the same text for the same two rounded values. */
  String reason(double quality, double min) {
    int k = hundredths(quality);
    if (k < 0 || k > MAX_CACHED) {
      return "quality " + twoDecimals(quality) + " below the threshold " + twoDecimals(min);
    }
    Reasons r = reasons;
    if (r == null || Double.compare(r.min(), min) != 0) {
      r = new Reasons(min, new String[MAX_CACHED + 1]);
      reasons = r;
    }
    String s = r.byHundredths()[k];
    if (s == null) {
      s = "quality " + twoDecimals(quality) + " below the threshold " + twoDecimals(min);
      r.byHundredths()[k] = s;
    }
    return s;
  }

  /** Qualities are in [0, 1]: 101 reasons a threshold. */
  private static final int MAX_CACHED = 100;

  /**
   * {@code String.format(Locale.ROOT, "%.2f", v)} without a {@link java.util.Formatter} (which
   * builds its decimal symbols on every call: a removed candidate cost more than a ranked one).
   * Both round the shortest decimal form of {@code v} half up; negative and non-finite values,
   * which a quality never is, go to the formatter.
   */
  static String twoDecimals(double v) {
    int k = hundredths(v);
    if (k >= 0) {
      int cents = k % 100;
      return k <= MAX_CACHED ? TWO_DECIMALS[k] : k / 100 + (cents < 10 ? ".0" : ".") + cents;
    }
    if (!(v >= 0) || Double.isInfinite(v) || Double.doubleToRawLongBits(v) == NEGATIVE_ZERO) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * {@code v} rounded half up to hundredths, as a count of hundredths, where that is sure without
   * the decimal form: {@code 100 v} is then at least 1e-7 from a half, far more than its rounding
   * error and {@code v}'s distance to its shortest decimal form (both under 1e-8 for {@code v} up
   * to 1e6), so both round alike; -1 elsewhere (near a half, negative, -0.0, huge, not finite),
   * where the decimal form decides.
   */
  static int hundredths(double v) {
    if (!(v >= 0 && v <= 1e6) || Double.doubleToRawLongBits(v) == NEGATIVE_ZERO) {
      return -1;
    }
    double r = v * 100;
    double fraction = r - Math.floor(r);
    return Math.abs(fraction - 0.5) < 1e-7 ? -1 : (int) Math.floor(r + 0.5);
  }

  private static final String[] TWO_DECIMALS = new String[MAX_CACHED + 1];

  static {
    for (int k = 0; k <= MAX_CACHED; k++) {
      TWO_DECIMALS[k] = k / 100 + (k % 100 < 10 ? ".0" : ".") + k % 100;
    }
  }

  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
}
