package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.testing.RedisServer;
import io.overdrive.testing.RedisServerExtension;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisNumberTest {
  @Test
  void wholeNumbersGoAsIntegersAndEveryOtherDoubleRoundTrips() {
    assertThat(RedisFeatureStore.number(1.0)).isEqualTo("1");
    assertThat(RedisFeatureStore.number(-4200.0)).isEqualTo("-4200");
    assertThat(RedisFeatureStore.number(0.25)).isEqualTo("0x1.0p-2");
    // beyond 2^53 a double is no longer an exact integer: keep the double's own bits
    assertThat(RedisFeatureStore.number(3.138542439204513E29)).startsWith("0x");
    for (double v : new double[] {1e-300, 123456.789, -0.1, 9.007199254740993E15}) {
      assertThat(Double.parseDouble(RedisFeatureStore.number(v))).isEqualTo(v);
    }
  }

  /**
   * The scripts read increments with Lua's {@code tonumber}: a value sent as {@link
   * RedisFeatureStore#number} must be read as the very same double (printed back here with {@code
   * %.17g}, which is exact).
   */
  @Test
  void theScriptEngineReadsEverySpellingExactly(RedisServer redis) {
    String script = "return string.format('%.17g', tonumber(ARGV[1]))";
    for (double v : samples()) {
      String sent = RedisFeatureStore.number(v);
      String back = redis.command("EVAL", script, "0", sent);
      assertThat(Double.parseDouble(back)).as("%s sent as %s", v, sent).isEqualTo(v);
    }
  }

  /**
   * What the scripts store (the shared prelude's {@code fmt}): whole numbers in decimal, everything
   * else as a hexadecimal float that Java's reader and Lua's {@code tonumber} both read back as the
   * very same double.
   */
  @Test
  void theScriptsStoreEveryDoubleExactlyAndWholeNumbersReadably(RedisServer redis) {
    String prelude = RedisFeatureStore.scriptSource("item_stats.lua");
    String store = prelude + "\nreturn fmt(tonumber(ARGV[1]))";
    String storeAndReread = prelude + "\nreturn fmt(tonumber(fmt(tonumber(ARGV[1]))))";
    assertThat(redis.command("EVAL", store, "0", "42")).isEqualTo("42");
    assertThat(redis.command("EVAL", store, "0", "-1795788861119")).isEqualTo("-1795788861119");
    assertThat(redis.command("EVAL", store, "0", "0.5")).startsWith("0x");
    for (double v : samples()) {
      String stored = redis.command("EVAL", store, "0", RedisFeatureStore.number(v));
      assertThat(Double.parseDouble(stored)).as("%s stored as %s", v, stored).isEqualTo(v);
      assertThat(redis.command("EVAL", storeAndReread, "0", RedisFeatureStore.number(v)))
          .as("read back by the script and stored again")
          .isEqualTo(stored);
    }
  }

  /**
   * Doubles the stores send and keep: edge cases, decay-encoded weights, negative sums and random
   * bit patterns over the whole finite range.
   */
  private static double[] samples() {
    double[] special = {
      0.1,
      -0.1,
      1.0 / 3,
      7.0,
      1e-300,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      9007199254740991.0,
      9007199254740992.0,
      9.007199254740993E15,
      -9007199254740992.0,
      1e300,
      3.138542439204513E29
    };
    SplittableRandom rnd = new SplittableRandom(42);
    double[] out = new double[300];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          i < special.length
              ? special[i]
              : switch (i % 3) {
                case 0 -> rnd.nextDouble() * 1e12; // a decay-encoded weight
                case 1 -> -rnd.nextDouble() * 100;
                default -> Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL);
              };
    }
    return out;
  }
}
