package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

  @Test
  void lengthWordsAndHashtagsWrittenInTheText() {
    TextFeatures t = TextFeatures.of("New #PS5 trailer!! #Sci-Fi vibes, #ps5 again #");
    assertThat(t.length()).isEqualTo(46);
    assertThat(t.words()).isEqualTo(8); // New PS5 trailer Sci Fi vibes ps5 again
    // normalised, de-duplicated, in order; "#Sci-Fi" stops at the hyphen as a hashtag does
    assertThat(t.hashtags()).containsExactly("ps5", "sci");
  }

  @Test
  void hashtagsKeepUnicodeLettersAndUnderscores() {
    assertThat(TextFeatures.hashtagsIn("Café time #CaféCrème and #sci_fi and ##double"))
        .containsExactly("cafecreme", "sci_fi", "double");
    assertThat(TextFeatures.hashtagsIn("no tags here")).isEmpty();
    assertThat(TextFeatures.hashtagsIn(null)).isEmpty();
  }

  @Test
  void hashedTokensAreStableAndInRange() {
    TextFeatures a = TextFeatures.of("The cat sat on the mat", 1024);
    TextFeatures b = TextFeatures.of("the CAT sat on THE mat", 1024);
    assertThat(a.tokenBuckets()).containsExactly(b.tokenBuckets());
    // five distinct tokens: "the" repeats
    assertThat(a.tokenBuckets()).hasSize(5);
    assertThat(java.util.Arrays.stream(a.tokenBuckets()).allMatch(x -> x >= 0 && x < 1024))
        .isTrue();
    // FNV-1a 32 of "cat" is 0x06745c07: the trainer and other languages can reproduce buckets
    assertThat(TextFeatures.bucket("cat", 1 << 16)).isEqualTo(0x06745c07 & 0xffff);
  }

  @Test
  void theHotPathSkipsHashing() {
    assertThat(TextFeatures.of("some words here").tokenBuckets()).isEmpty();
    assertThat(TextFeatures.of("some words here").words()).isEqualTo(3);
    assertThat(TextFeatures.of("  ").length()).isZero();
  }

  @Test
  void tokensAreLowerCasedRunsOfLettersAndDigits() {
    assertThat(TextFeatures.tokens("Hello, World! 42x"))
        .isEqualTo(List.of("hello", "world", "42x"));
  }
}
