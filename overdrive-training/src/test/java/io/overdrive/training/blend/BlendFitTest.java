package io.overdrive.training.blend;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.blender.TrainedBlend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlendFitTest {
  private static final List<FeatureSlot> SLOTS =
      List.of(FeatureSlot.TWO_TOWER, FeatureSlot.POPULARITY, FeatureSlot.FRESHNESS);

  /**
   * Users whose chosen item is told by the model score for known users and by popularity for new
   * ones, freshness being noise; the hand-set scores are the noise alone.
   */
  private static List<BlendFit.Query> queries(int n, Random rnd) {
    List<BlendFit.Query> out = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      double p = rnd.nextDouble();
      double[][] x = new double[50][];
      double[] handSet = new double[50];
      int positive = 0;
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < x.length; c++) {
        x[c] = new double[] {rnd.nextGaussian(), rnd.nextDouble(), rnd.nextDouble()};
        handSet[c] = x[c][2];
        double utility = p * 3 * x[c][0] + (1 - p) * 3 * x[c][1] + rnd.nextGaussian() * 0.3;
        if (utility > best) {
          best = utility;
          positive = c;
        }
      }
      out.add(new BlendFit.Query(x, Map.of("hand_set", handSet), positive, p));
    }
    return out;
  }

  @Test
  void learnsWhichSignalsChooseAndHowThatMovesWithMaturity() {
    Random rnd = new Random(7);
    TrainedBlend b = BlendFit.fit(SLOTS, queries(600, rnd), queries(200, rnd), 5);

    TrainedBlend.Weight model = b.weights().get(FeatureSlot.TWO_TOWER);
    TrainedBlend.Weight popularity = b.weights().get(FeatureSlot.POPULARITY);
    assertThat(model.maturity()).as("the model matters more for known users").isPositive();
    assertThat(popularity.maturity()).as("popularity less").isNegative();
    assertThat(popularity.base()).isPositive();
    double freshness =
        b.weights().getOrDefault(FeatureSlot.FRESHNESS, new TrainedBlend.Weight(0, 0)).base();
    assertThat(Math.abs(freshness)).as("noise gets little weight").isLessThan(0.05);
    double total =
        b.weights().values().stream()
            .mapToDouble(w -> Math.abs(w.base()) + Math.abs(w.maturity()))
            .sum();
    assertThat(total).as("normalized to the hand-set blend's scale").isCloseTo(1.0, within());

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> heldOut =
        (Map<String, Map<String, Double>>) b.fit().get("held_out");
    assertThat(heldOut.get("trained").get("hr@10"))
        .as("beats the hand-set scores and each signal alone on users it never saw")
        .isGreaterThan(heldOut.get("hand_set").get("hr@10") + 0.3)
        .isGreaterThan(heldOut.get("two_tower").get("hr@10"))
        .isGreaterThan(heldOut.get("popularity").get("hr@10"));
    assertThat(b.minInteractions()).isEqualTo(5);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-3);
  }
}
