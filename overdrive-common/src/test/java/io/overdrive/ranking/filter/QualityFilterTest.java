package io.overdrive.ranking.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QualityFilterTest {
  /** The removal reason reads as it did when String.format wrote it, value for value. */
  @Test
  void twoDecimalsWritesWhatTheFormatterWrites() {
    double[] edges = {
      0,
      -0.0,
      0.005,
      0.015,
      0.025,
      0.125,
      0.145,
      0.995,
      0.9949999,
      1,
      0.3,
      1e-9,
      12.345,
      -0.25,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.MIN_VALUE
    };
    for (double v : edges) {
      assertThat(QualityFilter.twoDecimals(v))
          .as("%s", v)
          .isEqualTo(String.format(Locale.ROOT, "%.2f", v));
    }
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      double v = i % 2 == 0 ? r.nextDouble() : Math.round(r.nextDouble() * 1000) / 1000.0;
      assertThat(QualityFilter.twoDecimals(v))
          .as("%s", v)
          .isEqualTo(String.format(Locale.ROOT, "%.2f", v));
    }
  }

  /**
   * A removed candidate's reason names its quality and the threshold of its own ranking, also when
   * rankings with other thresholds came between (the reasons are kept per threshold).
   */
  @Test
  void reasonsNameTheQualityAndTheThresholdInForce() {
    QualityFilter filter = new QualityFilter();
    assertThat(filter.reason(0.05, 0.3)).isEqualTo("quality 0.05 below the threshold 0.30");
    assertThat(filter.reason(0.051, 0.3)).isEqualTo("quality 0.05 below the threshold 0.30");
    assertThat(filter.reason(0.05, 0.1)).isEqualTo("quality 0.05 below the threshold 0.10");
    assertThat(filter.reason(0.05, 0.3)).isEqualTo("quality 0.05 below the threshold 0.30");
    assertThat(filter.reason(0.125, 0.3)).isEqualTo("quality 0.13 below the threshold 0.30");
    double[] thresholds = {0.3, 0.125, 0.5, 0.3, 1};
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 5_000; i++) {
      double min = thresholds[i % thresholds.length];
      double q =
          i % 3 == 0 ? Math.round(r.nextDouble() * min * 1000) / 1000.0 : r.nextDouble() * min;
      assertThat(filter.reason(q, min))
          .as("%s below %s", q, min)
          .isEqualTo(
              "quality "
                  + String.format(Locale.ROOT, "%.2f", q)
                  + " below the threshold "
                  + String.format(Locale.ROOT, "%.2f", min));
    }
  }
}
