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
}
