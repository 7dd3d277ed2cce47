package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisNumberTest {
  @Test
  void wholeNumbersGoAsIntegersAndEveryOtherDoubleRoundTrips() {
    assertThat(RedisFeatureStore.number(1.0)).isEqualTo("1");
    assertThat(RedisFeatureStore.number(-4200.0)).isEqualTo("-4200");
    assertThat(RedisFeatureStore.number(0.25)).isEqualTo("0.25");
    // beyond 2^53 a double is no longer an exact integer: keep the double's own spelling
    assertThat(RedisFeatureStore.number(3.138542439204513E29)).isEqualTo("3.138542439204513E29");
    for (double v : new double[] {1e-300, 123456.789, -0.1, 9.007199254740993E15}) {
      assertThat(Double.parseDouble(RedisFeatureStore.number(v))).isEqualTo(v);
    }
  }
}
