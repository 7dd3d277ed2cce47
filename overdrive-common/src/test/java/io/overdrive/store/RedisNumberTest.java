package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.testing.RedisServer;
import io.overdrive.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class RedisNumberTest {
  private static final String UNPACK = "local A = cmsgpack.unpack(ARGV[1])\n";

  /**
   * The scripts get their arguments as one packed array ({@link ScriptArgs}): every double must
   * arrive as the very same double (printed back here with {@code %.17g}, which is exact), whole
   * numbers of every width as themselves, and ids of every length and alphabet unchanged.
   */
  @Test
  void theScriptsUnpackEveryValueExactly(RedisServer redis) {
    String echo =
        UNPACK
            + "local out = {}\n"
            + "for i = 1, #A do\n"
            + "  out[i] = type(A[i]) == 'number' and string.format('%.17g', A[i]) or 's:' .. A[i]\n"
            + "end\n"
            + "return out";
    double[] doubles = samples();
    long[] wholes = {
      0,
      1,
      127,
      128,
      255,
      256,
      -1,
      -32,
      -33,
      -129,
      65_536,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      1L + Integer.MAX_VALUE,
      1_795_788_861_119L,
      -1_795_788_861_119L,
      (1L << 53) - 1
    };
    String[] strings = {
      "",
      "e1",
      "i:caf\u00e9",
      "a:\u4f5c\u8005-\ud83d\ude00",
      "x".repeat(31),
      "y".repeat(32),
      "z".repeat(255),
      "w".repeat(256),
      "v".repeat(65_535),
      "u".repeat(65_536),
      "42"
    };
    ScriptArgs args = new ScriptArgs(16);
    for (double v : doubles) {
      args.add(v);
    }
    for (long v : wholes) {
      args.add(v);
    }
    for (String v : strings) {
      args.add(v);
    }
    assertThat(args.count()).isEqualTo(doubles.length + wholes.length + strings.length);
    String[] back = reply(redis, echo, args);
    assertThat(back).hasSize(args.count());
    for (int i = 0; i < doubles.length; i++) {
      assertThat(Double.parseDouble(back[i]))
          .as("double #%d %s", i, doubles[i])
          .isEqualTo(doubles[i]);
    }
    for (int i = 0; i < wholes.length; i++) {
      assertThat(back[doubles.length + i]).isEqualTo(Long.toString(wholes[i]));
    }
    for (int i = 0; i < strings.length; i++) {
      // a string stays a string, "42" included
      assertThat(back[doubles.length + wholes.length + i]).isEqualTo("s:" + strings[i]);
    }
  }

  /**
   * What the scripts store (the shared prelude's {@code fmt}): whole numbers in decimal, everything
   * else as a hexadecimal float that Java's reader and Lua's {@code tonumber} both read back as the
   * very same double.
   */
  @Test
  void theScriptsStoreEveryDoubleExactlyAndWholeNumbersReadably(RedisServer redis) {
    String prelude = RedisScript.source("item_stats.lua") + "\n" + UNPACK;
    String store = prelude + "local out = {}\nfor i = 1, #A do out[i] = fmt(A[i]) end\nreturn out";
    String storeAndReread =
        prelude
            + "local out = {}\nfor i = 1, #A do out[i] = fmt(tonumber(fmt(A[i]))) end\nreturn out";
    String[] fixed =
        reply(
            redis,
            store,
            new ScriptArgs(16)
                .add(42.0)
                .add(-1_795_788_861_119.0)
                .add(0.5)
                .add(1_795_788_861_119L));
    assertThat(fixed[0]).isEqualTo("42");
    assertThat(fixed[1]).isEqualTo("-1795788861119");
    assertThat(fixed[2]).startsWith("0x");
    assertThat(fixed[3]).isEqualTo("1795788861119");
    ScriptArgs args = new ScriptArgs(16);
    double[] doubles = samples();
    for (double v : doubles) {
      args.add(v);
    }
    String[] stored = reply(redis, store, args);
    String[] again = reply(redis, storeAndReread, args);
    for (int i = 0; i < doubles.length; i++) {
      assertThat(Double.parseDouble(stored[i]))
          .as("%s stored as %s", doubles[i], stored[i])
          .isEqualTo(doubles[i]);
      assertThat(again[i]).as("read back by the script and stored again").isEqualTo(stored[i]);
    }
  }

  private static String[] reply(RedisServer redis, String script, ScriptArgs args) {
    String text =
        redis.command(
            "EVAL".getBytes(StandardCharsets.UTF_8),
            script.getBytes(StandardCharsets.UTF_8),
            "0".getBytes(StandardCharsets.UTF_8),
            args.toBytes());
    return text.split("\n", -1);
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
