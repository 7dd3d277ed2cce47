package io.overdrive.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.PlantedData;
import io.overdrive.training.data.InteractionData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EaseTest {
  @BeforeAll
  static void engine() {
    DjlRuntime.configure(2);
  }

  /**
   * Two items that co-occur c times, seen n_a and n_b times: B_ab = c / (n_a + lambda) and B_ba = c
   * / (n_b + lambda), by inverting the 2 x 2 matrix by hand; an item that never co-occurs gets no
   * weight from or to the others.
   */
  @Test
  void weightsMatchTheClosedFormWorkedByHand() {
    float[] gram = {3, 2, 0, 2, 4, 0, 0, 0, 5};
    try (NDManager nd = NDManager.newBaseManager()) {
      float[] b = Ease.weights(gram, 3, 1.0, nd);
      float[] expected = {0, 2f / 4, 0, 2f / 5, 0, 0, 0, 0, 0};
      for (int k = 0; k < 9; k++) {
        assertThat(b[k]).as("B[%d][%d]", k / 3, k % 3).isCloseTo(expected[k], offset(1e-6f));
      }
    }
    assertThat(gram).containsExactly(3, 2, 0, 2, 4, 0, 0, 0, 5); // the lambda was taken off again
  }

  /**
   * The block inverse in float (used above 2,048 items) gives the model the former whole-matrix LU
   * inverse in double gives: the same weights to float precision and the same test metrics. Leaves
   * of 12 items on 199 make four levels of blocks with odd splits.
   */
  @Test
  void theBlockInverseInFloatFitsTheSameModelAsTheLuInverseInDouble() {
    InteractionData data = PlantedData.clusters(300, 200, 8, 16, 0.9, 3);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    Evaluator evaluator = new Evaluator(split, 1);
    int[] items = Ease.mostPopular(split, 199);
    int n = items.length;
    float[] gram = Ease.gram(split, items);
    try (NDManager nd = NDManager.newBaseManager()) {
      for (double lambda : new double[] {4, 64, 1024}) {
        float[] lu = Ease.weights(gram, n, lambda, nd, true, n);
        float[] blocks = Ease.weights(gram, n, lambda, nd, false, 12);
        float largest = 0;
        float error = 0;
        for (int k = 0; k < lu.length; k++) {
          largest = Math.max(largest, Math.abs(lu[k]));
          error = Math.max(error, Math.abs(lu[k] - blocks[k]));
        }
        assertThat(largest).as("lambda %s", lambda).isGreaterThan(0.01f);
        assertThat(error).as("lambda %s", lambda).isLessThan(1e-4f * largest);
        Evaluator.Result a = evaluator.evaluate(new Ease(split, items, lu), Phase.TEST);
        Evaluator.Result b = evaluator.evaluate(new Ease(split, items, blocks), Phase.TEST);
        assertThat(b.full().hr20()).isCloseTo(a.full().hr20(), offset(1e-9));
        assertThat(b.full().ndcg10()).isCloseTo(a.full().ndcg10(), offset(1e-4));
        assertThat(b.sampled().hr10()).isCloseTo(a.sampled().hr10(), offset(1e-9));
      }
    }
  }

  /**
   * Fewer users than items (a young social app: more posts than people): the fit through the users'
   * side (Woodbury) is the same model as the items' inverse.
   */
  @Test
  void aCatalogueLargerThanItsAudienceIsFittedThroughTheUsersToTheSameModel() {
    InteractionData data = PlantedData.clusters(60, 400, 8, 16, 0.9, 5);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    int[] items = Ease.mostPopular(split, data.itemCount());
    EaseFit users = EaseFit.of(split, items);
    EaseFit itemsSide = EaseFit.of(split, items, 0);
    assertThat(users.throughUsers()).isTrue();
    assertThat(users.users()).isEqualTo(60);
    assertThat(itemsSide.throughUsers()).isFalse();
    try (NDManager nd = NDManager.newBaseManager()) {
      for (double lambda : new double[] {4, 64, 1024}) {
        float[] expected = itemsSide.weights(lambda, nd);
        float[] actual = users.weights(lambda, nd);
        float largest = 0;
        float error = 0;
        for (int k = 0; k < expected.length; k++) {
          largest = Math.max(largest, Math.abs(expected[k]));
          error = Math.max(error, Math.abs(expected[k] - actual[k]));
        }
        assertThat(largest).as("lambda %s", lambda).isGreaterThan(1e-3f);
        assertThat(error).as("lambda %s", lambda).isLessThan(1e-4f * largest);
      }
      Ease.Result r = Ease.evaluate(split, new Evaluator(split, 1), 100_000, nd);
      assertThat(r.describe()).contains("fitted through its 60 users");
      assertThat(r.toMap()).containsEntry("fitted_through_users", 60);
    }
  }

  @Test
  void gramCountsCoOccurrencesInTrainingItemsOnly() {
    InteractionData data =
        InteractionData.builder("t")
            .interaction("u1", "a", 1)
            .interaction("u1", "b", 2)
            .interaction("u1", "c", 3) // validation
            .interaction("u1", "d", 4) // test
            .interaction("u2", "a", 1)
            .interaction("u2", "c", 2)
            .interaction("u2", "b", 3)
            .interaction("u2", "d", 4)
            .build();
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    int a = data.itemIndex("a");
    int b = data.itemIndex("b");
    int c = data.itemIndex("c");
    float[] g = Ease.gram(split, new int[] {a, b, c});
    // u1 trains on a, b; u2 on a, c
    assertThat(g).containsExactly(2, 1, 1, 1, 1, 0, 1, 0, 1);
  }

  @Test
  void scoresAreTheSumOfTheInputItemsRowsAndUnmodelledItemsRankBelowByPopularity() {
    InteractionData.Builder b = InteractionData.builder("t");
    // a and b always together; c popular on its own; z and y rare
    for (int u = 0; u < 6; u++) {
      b.interaction("u" + u, "a", 1).interaction("u" + u, "b", 2);
      b.interaction("u" + u, "c", 3).interaction("u" + u, "x" + u, 4).interaction("u" + u, "w", 5);
    }
    b.interaction("v", "z", 1).interaction("v", "y", 2).interaction("v", "z2", 3);
    b.interaction("v", "v1", 4).interaction("v", "v2", 5);
    b.interaction("t", "z", 1).interaction("t", "t1", 2).interaction("t", "t2", 3);
    InteractionData data = b.build();
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    try (NDManager nd = NDManager.newBaseManager()) {
      Ease ease = Ease.fit(split, 3, 10.0, nd); // models a, b, c (6 training users each)
      float[][] out = new float[1][data.itemCount()];
      ease.scoreAll(new int[] {data.userIds().indexOf("u0")}, Phase.VALIDATION, out);
      float[] s = out[0];
      int ia = data.itemIndex("a");
      int ib = data.itemIndex("b");
      int ic = data.itemIndex("c");
      // u0's input is a, b, c: every modelled item scores the sum of the other two's weights
      float[] w = Ease.weights(Ease.gram(split, new int[] {ia, ib, ic}), 3, 10.0, nd);
      assertThat(s[ia]).isCloseTo(w[1 * 3 + 0] + w[2 * 3 + 0], offset(1e-5f));
      assertThat(s[ib]).isCloseTo(w[0 * 3 + 1] + w[2 * 3 + 1], offset(1e-5f));
      // z (two training users) ranks above y (one), both below every modelled item
      int iz = data.itemIndex("z");
      int iy = data.itemIndex("y");
      assertThat(s[iz]).isGreaterThan(s[iy]);
      assertThat(s[iz]).isLessThan(Math.min(s[ia], Math.min(s[ib], s[ic])));
    }
  }

  @Test
  void aLargeCatalogueKeepsItsMostPopularItemsWithinTheLimitAndTheHeap() {
    // two n x n float matrices in half the heap: 1 GiB holds 8192 items
    assertThat(Ease.memoryLimit(1L << 30)).isEqualTo(8192);
    InteractionData data = PlantedData.clusters(300, 200, 8, 16, 0.9, 3);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    try (NDManager nd = NDManager.newBaseManager()) {
      Ease.Result r = Ease.evaluate(split, new Evaluator(split, 1), 50, nd);
      assertThat(r.items()).isEqualTo(50);
      assertThat(r.catalogue()).isEqualTo(200);
      assertThat(r.describe())
          .contains("the 50 most popular of 200 items (sampled: --ease-max-items 50");
      assertThat(r.toMap()).containsEntry("items_limited_by", "--ease-max-items 50");
    }
  }

  @Test
  void regularisationIsChosenOnValidationAndEaseBeatsPopularityOnTasteClusters() {
    InteractionData data = PlantedData.clusters(300, 200, 8, 16, 0.9, 3);
    LeaveOneOutSplit split = new LeaveOneOutSplit(data);
    Evaluator evaluator = new Evaluator(split, 1);
    try (NDManager nd = NDManager.newBaseManager()) {
      Ease.Result r = Ease.evaluate(split, evaluator, 100_000, nd);
      Evaluator.Result pop = evaluator.evaluate(new PopRec(split), Phase.TEST);
      assertThat(r.items()).isEqualTo(200);
      assertThat(r.search()).hasSizeGreaterThanOrEqualTo(Ease.LAMBDAS.length);
      double bestFull =
          r.search().stream().mapToDouble(Ease.LambdaRow::validationNdcg10Full).max().orElseThrow();
      assertThat(
              r.search().stream()
                  .filter(x -> x.lambda() == r.lambdaFull())
                  .findFirst()
                  .orElseThrow()
                  .validationNdcg10Full())
          .isEqualTo(bestFull);
      assertThat(r.test().full().hr20()).isGreaterThan(2 * pop.full().hr20());
      assertThat(r.describe()).contains("all 200 items", "lambda");
    }
  }
}
