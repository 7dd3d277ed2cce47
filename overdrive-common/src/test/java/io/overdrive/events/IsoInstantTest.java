package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path reads what Instant.parse reads, and leaves everything else to it. */
class IsoInstantTest {
  @Test
  void readsTheUsualFormExactlyAsInstantParseDoes() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      // 1900..2200, any nanosecond: written as Instant.toString writes it (0, 3, 6 or 9 digits)
      Instant t = Instant.ofEpochSecond(rnd.nextLong(-2_208_988_800L, 7_258_118_400L), 0);
      t = t.plusNanos(i % 4 == 0 ? 0 : i % 4 == 1 ? rnd.nextInt(1000) * 1_000_000L : rnd.nextInt());
      String text = t.toString();
      assertThat(IsoInstant.parseFast(text)).as(text).isEqualTo(Instant.parse(text));
      assertThat(IsoInstant.parse(text)).isEqualTo(t);
    }
    for (String text :
        new String[] {"2024-02-29T23:59:59Z", "2026-12-06T18:00:00.5Z", "0000-01-01T00:00:00Z"}) {
      assertThat(IsoInstant.parseFast(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-31T23:59:60Z",
        "2026-12-06T24:00:00Z",
        "+12026-01-01T00:00:00Z",
        "2026-12-06T18:00:00.Z"
      })
  void otherValidFormsGoToInstantParse(String text) {
    assertThat(IsoInstant.parseFast(text)).isNull();
    assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "now",
        "",
        "2026-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-12-06 18:00:00Z",
        "2026-12-06T18:00:00",
        "2026-12-06T18:00:00.1234567890Z",
        "2026-1a-06T18:00:00Z"
      })
  void whatInstantParseRefusesIsRefusedTheSameWay(String text) {
    assertThat(IsoInstant.parseFast(text)).isNull();
    assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> IsoInstant.parse(text))
        .isInstanceOf(DateTimeParseException.class)
        .hasMessage(catchMessage(text));
  }

  private static String catchMessage(String text) {
    try {
      Instant.parse(text);
      return null;
    } catch (DateTimeParseException e) {
      return e.getMessage();
    }
  }
}
