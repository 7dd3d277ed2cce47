package io.overdrive.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.FreedNativeMemory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sequence model's backward pass reads only arrays that live until it is done. When it read the
 * embedding scale after DJL had closed it (its memory freed once a collection found its Java buffer
 * unreachable), a collection between a step's forward and backward passes changed that step's
 * gradients: two runs of the same jar and seed diverged at such a step (the dense synthetic file,
 * epoch 3), and a run went to NaN when the freed memory held a large value (decision 0406).
 */
class SasRecBlockBackwardTest {
  static final SequenceConfig CONFIG =
      new SequenceConfig(16, 8, 1, 1, 16, 0.3f, 1e-3f, 0, 4, 0, 2, 0f);
  static final int ITEMS = 30;

  @BeforeAll
  static void engine() {
    DjlRuntime.configure(2);
  }

  @Test
  void aCollectionBetweenForwardAndBackwardLeavesTheGradientsAsTheyAre() {
    List<float[]> clean = gradients(false);
    List<float[]> collected = gradients(true);
    assertThat(collected).hasSameSizeAs(clean);
    for (int k = 0; k < clean.size(); k++) {
      assertThat(collected.get(k)).as("parameter %d", k).containsExactly(clean.get(k));
    }
    // the item embeddings' gradients are not all zero: the comparison above compares something
    float largest = 0;
    for (float g : clean.get(0)) {
      largest = Math.max(largest, Math.abs(g));
    }
    assertThat(largest).isGreaterThan(0.01f);
  }

  /** Every parameter's gradient after one forward and backward pass of a fixed batch. */
  private static List<float[]> gradients(boolean collectInBetween) {
    SasRecBlock block = new SasRecBlock(CONFIG, ITEMS);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Engine.getInstance().setRandomSeed(7); // the same initialisation and dropout masks
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
      ParameterStore parameters = new ParameterStore(manager, false);
      Engine.getInstance().setRandomSeed(8);
      List<float[]> out = new ArrayList<>();
      try (NDManager step = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray ids =
            step.create(new long[] {0, 0, 3, 5, 7, 2, 4, 6, 1, 9, 8, 30}, new Shape(3, 4));
        NDArray hidden = block.forward(parameters, new NDList(ids), true).singletonOrThrow();
        float[] weights = new float[(int) hidden.size()];
        for (int k = 0; k < weights.length; k++) {
          weights[k] = (k % 7) - 3f; // a loss whose gradient is not zero through the LayerNorm
        }
        NDArray loss = hidden.mul(step.create(weights, hidden.getShape())).sum();
        List<ByteBuffer> marked = collectInBetween ? FreedNativeMemory.overwrite() : List.of();
        collector.backward(loss);
        assertThat(marked).hasSize(collectInBetween ? 20_000 : 0); // reachable until here
      }
      for (Pair<String, Parameter> p : block.getParameters()) {
        out.add(p.getValue().getArray().getGradient().toFloatArray());
      }
      return out;
    }
  }
}
