package io.overdrive.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.overdrive.training.data.InteractionData;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  @Test
  void targetAtRankOneHasNdcgOne() {
    float[] scores = {0.9f, 0.1f, 0.5f};
    int rank = RankingMetrics.rank(scores, 0, new int[] {0, 1, 2});
    assertThat(rank).isEqualTo(1);
    assertThat(RankingMetrics.ndcg(rank, 10)).isEqualTo(1.0);
    assertThat(RankingMetrics.hit(rank, 10)).isEqualTo(1.0);
  }

  @Test
  void targetAtRankTwoHasNdcgOneOverLog2Of3() {
    float[] scores = {0.5f, 0.9f, 0.1f};
    int rank = RankingMetrics.rank(scores, 0, new int[] {0, 1, 2});
    assertThat(rank).isEqualTo(2);
    assertThat(RankingMetrics.ndcg(rank, 10)).isCloseTo(1 / LOG2_3, offset(1e-12));
  }

  @Test
  void cutOffsDecideHitsAndGains() {
    assertThat(RankingMetrics.hit(11, 10)).isZero();
    assertThat(RankingMetrics.hit(11, 20)).isEqualTo(1.0);
    assertThat(RankingMetrics.ndcg(11, 10)).isZero();
    assertThat(RankingMetrics.ndcg(11, 20)).isCloseTo(Math.log(2) / Math.log(12), offset(1e-12));
    assertThat(RankingMetrics.hit(21, 20)).isZero();
  }

  @Test
  void tiesCountHalfSoAConstantScorerIsNotAPerfectOne() {
    float[] scores = new float[101];
    int[] candidates = new int[101];
    for (int i = 0; i < 101; i++) {
      candidates[i] = i;
    }
    assertThat(RankingMetrics.rank(scores, 0, candidates)).isEqualTo(51);
    scores[0] = Float.NaN;
    assertThat(RankingMetrics.rank(scores, 0, candidates)).isEqualTo(101);
  }

  @Test
  void accumulatorAveragesOverUsers() {
    RankingMetrics.Accumulator acc = new RankingMetrics.Accumulator();
    acc.add(1);
    acc.add(2);
    acc.add(15);
    acc.add(50);
    RankingMetrics m = acc.result();
    assertThat(m.users()).isEqualTo(4);
    assertThat(m.hr10()).isEqualTo(0.5);
    assertThat(m.hr20()).isEqualTo(0.75);
    assertThat(m.ndcg10()).isCloseTo((1 + 1 / LOG2_3) / 4, offset(1e-12));
  }

  /** Two users, five items; the scorer puts chosen items first. */
  @Test
  void evaluatorUsesLeaveOneOutTargetsAndExcludesTheInputFromFullRanking() {
    InteractionData data =
        InteractionData.builder("hand")
            .interaction("u1", "a", 1)
            .interaction("u1", "b", 2)
            .interaction("u1", "c", 3) // u1: train [a], validation b, test c
            .interaction("u2", "d", 1)
            .interaction("u2", "e", 2)
            .interaction("u2", "a", 3)
            .interaction("u2", "b", 4) // u2: train [d, e], validation a, test b
            .build();
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    int a = data.itemIndex("a");
    int b = data.itemIndex("b");
    int c = data.itemIndex("c");
    int d = data.itemIndex("d");
    int e = data.itemIndex("e");
    assertThat(split.target(0, Phase.TEST)).isEqualTo(c);
    assertThat(split.target(1, Phase.VALIDATION)).isEqualTo(a);
    assertThat(split.input(1, Phase.TEST)).containsExactly(d, e, a);

    // u1 (test c): c best -> rank 1. u2 (test b): a (its input) scores higher but is excluded,
    // c scores higher and is not -> rank 2
    UserScorer scorer =
        (users, phase, out) -> {
          for (int k = 0; k < users.length; k++) {
            float[] s = out[k];
            java.util.Arrays.fill(s, 0f);
            if (users[k] == 0) {
              s[c] = 3;
            } else {
              s[a] = 5;
              s[c] = 4;
              s[b] = 3;
              s[d] = 2;
            }
          }
        };
    Evaluator.Result r = new Evaluator(split, 1).evaluate(scorer, Phase.TEST);
    assertThat(r.full().users()).isEqualTo(2);
    assertThat(r.full().ndcg10()).isCloseTo((1 + 1 / LOG2_3) / 2, offset(1e-12));
    assertThat(r.full().hr10()).isEqualTo(1.0);
  }
}
