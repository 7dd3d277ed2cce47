package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreScaleTest {
  @Test
  void meanAndSpreadOfAQueryMatchTheCatalogue() {
    int items = 500;
    int dim = 6;
    Random rnd = new Random(1);
    float[] vectors = new float[items * dim];
    for (int k = 0; k < vectors.length; k++) {
      vectors[k] = (float) rnd.nextGaussian();
    }
    float[] q = {0.3f, -1, 0.5f, 2, 0, 0.1f};
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < items; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        s += q[k] * vectors[i * dim + k];
      }
      sum += s;
      sq += s * s;
    }
    double mean = sum / items;
    double std = Math.sqrt(sq / items - mean * mean);

    ScoreScale.Query scale = ScoreScale.of(vectors, 0, items, dim).forQuery(q);

    assertThat(scale.mean()).isCloseTo(mean, offset(1e-4));
    assertThat(scale.std()).isCloseTo(std, offset(1e-3));
    assertThat(scale.signal(mean)).isCloseTo(0, offset(1e-6));
    assertThat(scale.signal(mean + 2 * std)).isCloseTo(Math.tanh(1), offset(1e-6));
    assertThat(scale.signal(mean + 10 * std)).isLessThan(1.0);
    assertThat(scale.signal(mean - 10 * std)).isGreaterThan(-1.0);
  }
}
