package io.overdrive.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.overdrive.training.DjlRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sequence model's label-smoothed loss against the formula worked by hand. */
class LabelSmoothingTest {
  static final float[] LOGITS = {1, 2, 3, 0, 0, 5};
  static final long[] LABELS = {2, 0};

  @BeforeAll
  static void engine() {
    DjlRuntime.configure(2);
  }

  @Test
  void theTargetKeepsOneMinusEAndTheRestIsSpreadOverEveryClass() {
    float e = 0.1f;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float loss =
          TrainableSequenceModel.smoothedCrossEntropy(
                  m.create(LABELS), m.create(LOGITS, new Shape(2, 3)), null, e)
              .getFloat();
      assertThat((double) loss)
          .isCloseTo(expected(e, new boolean[] {true, true, true}), within(1e-5));
    }
  }

  @Test
  void maskedClassesTakeNoShare() {
    // sampled negatives: a negative equal to the target is masked (a -1e9 logit), and the smoothed
    // share goes to the other classes only
    float e = 0.2f;
    float[] logits = {1, 2, -1e9f, 0, 0, 5};
    float[] classes = {1, 1, 0, 1, 1, 1};
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float loss =
          TrainableSequenceModel.smoothedCrossEntropy(
                  m.create(new long[] {0, 0}),
                  m.create(logits, new Shape(2, 3)),
                  m.create(classes, new Shape(2, 3)),
                  e)
              .getFloat();
      double row0 = rowLoss(new double[] {1, 2, -1e9}, 0, e, new boolean[] {true, true, false});
      double row1 = rowLoss(new double[] {0, 0, 5}, 0, e, new boolean[] {true, true, true});
      assertThat((double) loss).isCloseTo((row0 + row1) / 2, within(1e-4));
      assertThat(Double.isFinite(loss)).isTrue();
    }
  }

  @Test
  void aSmoothingOutsideZeroToOneIsRefused() {
    SequenceConfig c = SequenceConfig.defaults(100, 100);
    assertThat(c.labelSmoothing()).isZero();
    assertThat(c.settings()).doesNotContainKey("label_smoothing"); // earlier reports unchanged
    assertThat(c.withLabelSmoothing(0.1f).settings()).containsEntry("label_smoothing", 0.1f);
    assertThatThrownBy(() -> c.withLabelSmoothing(1f)).isInstanceOf(IllegalArgumentException.class);
  }

  private static double expected(float e, boolean[] classes) {
    double a = rowLoss(new double[] {1, 2, 3}, 2, e, classes);
    double b = rowLoss(new double[] {0, 0, 5}, 0, e, classes);
    return (a + b) / 2;
  }

  /** -(1 - e) log p(label) - e * mean over the row's classes of log p. */
  private static double rowLoss(double[] logits, int label, float e, boolean[] classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : logits) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (double x : logits) {
      sum += Math.exp(x - max);
    }
    double logZ = max + Math.log(sum);
    double uniform = 0;
    int n = 0;
    for (int k = 0; k < logits.length; k++) {
      if (classes[k]) {
        uniform += logits[k] - logZ;
        n++;
      }
    }
    return -(1 - e) * (logits[label] - logZ) - e * uniform / n;
  }
}
