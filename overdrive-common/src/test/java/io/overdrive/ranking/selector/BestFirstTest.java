package io.overdrive.ranking.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.ScoredCandidates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The diversity selector's primitive sort puts candidates in exactly the order of the stable
 * comparator sort it replaced: by score, best first, ties in their given order, and
 * Double.compare's order of NaN, infinities and signed zeros.
 */
class BestFirstTest {
  private static final double[] AWKWARD = {
    0.0,
    -0.0,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    1.0,
    -1.0,
    0.5
  };

  @Test
  void sameOrderAsTheStableComparatorSortWithTiesAndSpecialValues() {
    SplittableRandom rnd = new SplittableRandom(20261207);
    for (int round = 0; round < 300; round++) {
      int n = rnd.nextInt(0, 700);
      List<Candidate> candidates = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        double score =
            switch (rnd.nextInt(4)) {
              case 0 -> AWKWARD[rnd.nextInt(AWKWARD.length)];
              case 1 -> rnd.nextInt(5) / 4.0; // many exact ties
              default -> rnd.nextDouble(-1, 1);
            };
        candidates.add(
            ScoredCandidates.of(PipelineFixture.item("i" + i, "a" + i % 7, "food"), "food", score));
      }
      List<Candidate> expected = new ArrayList<>(candidates);
      expected.sort(Comparator.comparingDouble(Candidate::score).reversed());

      Candidate[] actual = BestFirst.of(candidates);

      assertThat(actual)
          .as("round %d, %d candidates", round, n)
          .containsExactlyElementsOf(expected);
      assertThat(candidates).as("the given list is not reordered").hasSize(n);
    }
  }

  @Test
  void tiesKeepTheirGivenOrder() {
    List<Candidate> candidates = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d", "e")) {
      double score = id.equals("c") ? 0.9 : 0.4;
      candidates.add(ScoredCandidates.of(PipelineFixture.item(id, "x", "food"), "food", score));
    }
    assertThat(BestFirst.of(candidates))
        .extracting(c -> c.item().id())
        .containsExactly("c", "a", "b", "d", "e");
  }
}
