package io.overdrive.ranking.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selector numbers strings 0, 1, 2, ... in the order first asked for, as a map would. */
class DiversityCodesTest {
  @Test
  void stringsAreNumberedInTheOrderFirstAskedForThroughGrowth() {
    SplittableRandom r = new SplittableRandom(7);
    DiversitySelector.Codes codes = new DiversitySelector.Codes(16);
    Map<String, Integer> expected = new HashMap<>();
    for (int n = 0; n < 20_000; n++) {
      // equal strings that are other objects, colliding hashes ("Aa", "BB"), the empty string
      String s =
          switch (r.nextInt(4)) {
            case 0 -> new String("interest" + r.nextInt(700));
            case 1 -> r.nextBoolean() ? "Aa" + r.nextInt(5) : "BB" + r.nextInt(5);
            case 2 -> r.nextInt(50) == 0 ? "" : "author-" + r.nextInt(300);
            default -> "t" + r.nextInt(2000);
          };
      Integer want = expected.computeIfAbsent(s, k -> expected.size());
      assertThat(codes.code(s)).as(s).isEqualTo(want);
    }
    assertThat(codes.size()).isEqualTo(expected.size()).isGreaterThan(1000);
  }
}
