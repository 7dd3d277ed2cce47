package io.overdrive.training.twotower;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.FreedNativeMemory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-tower loss's backward pass reads the temperature from an array that lives until it is
 * done, not from memory freed by a collection after DJL closed it (see SasRecBlockBackwardTest).
 */
class TwoTowerLogitsBackwardTest {
  @BeforeAll
  static void engine() {
    DjlRuntime.configure(2);
  }

  @Test
  void aCollectionBetweenForwardAndBackwardLeavesTheGradientsAsTheyAre() {
    float[] clean = userGradient(false);
    float[] collected = userGradient(true);
    assertThat(collected).containsExactly(clean);
    // d/du sum(w * u.i / t) = w i^T / t, and the items are the identity: w / 0.05
    assertThat(clean)
        .usingComparatorWithPrecision(1e-3f)
        .containsExactly(20f, -40f, 60f, -20f, 40f, -60f);
  }

  private static float[] userGradient(boolean collectInBetween) {
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray users = m.create(new float[] {0.6f, 0.8f, 0f, 1f, 0f, 0f}, new Shape(2, 3));
      NDArray items = m.create(new float[] {1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f}, new Shape(3, 3));
      users.setRequiresGradient(true);
      NDArray logits = TrainableTwoTowerModel.logits(m, users, items, 0.05f);
      NDArray loss = logits.mul(m.create(new float[] {1, -2, 3, -1, 2, -3}, new Shape(2, 3))).sum();
      List<ByteBuffer> marked = collectInBetween ? FreedNativeMemory.overwrite() : List.of();
      collector.backward(loss);
      assertThat(marked).hasSize(collectInBetween ? 20_000 : 0); // reachable until here
      return users.getGradient().toFloatArray();
    }
  }
}
