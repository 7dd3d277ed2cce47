package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written JSON writer against what Jackson's generator and Instant.toString wrote. */
class EventJsonTest {
  private static final long MIN_SECOND = Instant.MIN.getEpochSecond();
  private static final long MAX_SECOND = Instant.MAX.getEpochSecond();
  private static final long YEAR_0 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  private static String format(Instant t) {
    JsonBytes b = new JsonBytes(16);
    b.writeInstantString(t);
    return b.toString();
  }

  private static int nano(SplittableRandom rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> 0;
      case 1 -> rnd.nextInt(1000) * 1_000_000;
      case 2 -> rnd.nextInt(1_000_000) * 1000;
      case 3 -> rnd.nextInt(10) * 100_000_000 + rnd.nextInt(2) * 10; // 0.x00000010
      default -> rnd.nextInt(1_000_000_000);
    };
  }

  @Test
  void instantsAreFormattedExactlyAsInstantToString() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 300_000; i++) {
      long sec =
          switch (i % 4) {
            case 0 -> rnd.nextLong(YEAR_0, YEAR_10000); // the fast range
            case 1 -> rnd.nextLong(1_700_000_000L, 1_900_000_000L); // now-ish
            case 2 -> rnd.nextLong(-4_000_000_000L, 4_000_000_000L); // around 1970
            default -> rnd.nextLong(MIN_SECOND, MAX_SECOND + 1); // anywhere, incl. the fallback
          };
      Instant t = Instant.ofEpochSecond(sec, nano(rnd));
      assertThat(format(t)).as("%d.%09d", t.getEpochSecond(), t.getNano()).isEqualTo(q(t));
    }
    long[] edges = {
      YEAR_0 - 1,
      YEAR_0,
      YEAR_10000 - 1,
      YEAR_10000,
      -1,
      0,
      1,
      951_782_400L, // 2000-02-29
      4_107_542_400L, // 2100-03-01
      MIN_SECOND,
      MAX_SECOND
    };
    for (long sec : edges) {
      for (int nano : new int[] {0, 1, 999_999_999, 1_000_000, 120_000_000, 1000, 100}) {
        Instant t = Instant.ofEpochSecond(sec, nano);
        assertThat(format(t)).isEqualTo(q(t));
      }
    }
    // every day of the fast range's first and last four centuries
    for (long day = YEAR_0 / 86_400; day < YEAR_0 / 86_400 + 146_097; day++) {
      Instant t = Instant.ofEpochSecond(day * 86_400 + 86_399);
      assertThat(format(t)).isEqualTo(q(t));
    }
    for (long day = YEAR_10000 / 86_400 - 146_097; day < YEAR_10000 / 86_400; day++) {
      Instant t = Instant.ofEpochSecond(day * 86_400);
      assertThat(format(t)).isEqualTo(q(t));
    }
  }

  private static String q(Instant t) {
    return "\"" + t + "\"";
  }

  @Test
  void theOutputIsWhatJacksonWroteForEveryField() {
    SplittableRandom rnd = new SplittableRandom(11);
    List<Interaction> events = EventJsonReference.events(20_000, rnd);
    for (Interaction e : events) {
      assertThat(EventJson.toJson(e)).isEqualTo(EventJsonReference.toJson(e));
      assertThat(EventJson.parse(EventJson.toJson(e))).isEqualTo(e);
    }
    // optional fields absent, odd numbers, odd timestamps
    double[] completions = {
      0.0, -0.0, 1.0, 0.1, 1e-7, 2e-3, 0.3333333333333333, 123456789012.5, 1e21, Double.MIN_VALUE
    };
    for (double c : completions) {
      Interaction e =
          new Interaction(
              "e",
              "u",
              "n",
              null,
              InteractionType.LIKE,
              0,
              c,
              null,
              null,
              null,
              Instant.EPOCH,
              List.of());
      assertThat(EventJson.toJson(e)).isEqualTo(EventJsonReference.toJson(e));
    }
    for (double c : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      Interaction e =
          new Interaction(
              "e", "u", "n", "a", InteractionType.SKIP, -5, c, -3, "", "", Instant.MIN, List.of());
      assertThat(EventJson.toJson(e)).isEqualTo(EventJsonReference.toJson(e));
    }
    for (int i = 0; i < 20_000; i++) {
      double c = rnd.nextInt(3) == 0 ? rnd.nextDouble() : Double.longBitsToDouble(rnd.nextLong());
      Interaction e =
          new Interaction(
              "e" + i,
              "u",
              "n",
              null,
              InteractionType.VIEW,
              rnd.nextLong(),
              c,
              rnd.nextInt(),
              null,
              "v",
              Instant.ofEpochSecond(rnd.nextLong(-1L << 40, 1L << 40), nano(rnd)),
              List.of("x"));
      assertThat(EventJson.toJson(e)).isEqualTo(EventJsonReference.toJson(e));
    }
  }

  @Test
  void stringsAreEscapedAndEncodedAsBefore() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x800; c++) {
      all.append(c);
    }
    String[] odd = {
      all.toString(),
      "\u2028\u2029\uFFFF\uFEFF/\\\"",
      "emoji \uD83D\uDE00 pair",
      "lone high \uD800 then text",
      "lone low \uDC00",
      "ends high \uD83D",
      "\uDE00\uD83D reversed",
      "caf\u00e9 \u4e2d\u6587 \u0000",
      ""
    };
    for (String s : odd) {
      Interaction e =
          new Interaction(
              s, s, s, s, InteractionType.COMMENT, 1, null, 0, s, s, Instant.EPOCH, List.of(s, s));
      // the archive stores UTF-8 bytes: a lone surrogate became '?' there before, too
      byte[] before = EventJsonReference.toJson(e).getBytes(StandardCharsets.UTF_8);
      JsonBytes b = new JsonBytes(8);
      EventJson.write(e, b);
      assertThat(java.util.Arrays.copyOf(b.array(), b.length())).isEqualTo(before);
      assertThat(EventJson.toJson(e)).isEqualTo(new String(before, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aReusedBufferAppendsLineAfterLine() {
    List<Interaction> events = EventJsonReference.events(50, new SplittableRandom(3));
    JsonBytes b = new JsonBytes(64);
    StringBuilder expected = new StringBuilder();
    for (Interaction e : events) {
      EventJson.write(e, b);
      b.writeByte('\n');
      expected.append(EventJsonReference.toJson(e)).append('\n');
    }
    assertThat(b.toString()).isEqualTo(expected.toString());
    b.reset(128);
    assertThat(b.length()).isZero();
    assertThat(b.array()).hasSize(128);
    EventJson.write(events.get(0), b);
    assertThat(b.toString()).isEqualTo(EventJson.toJson(events.get(0)));
  }
}
