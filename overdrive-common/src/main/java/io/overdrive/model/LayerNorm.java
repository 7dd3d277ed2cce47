package io.overdrive.model;

import java.util.Map;

/** Layer normalisation over the last axis: {@code gamma * (x - mean) / sqrt(var + eps) + beta}. */
final class LayerNorm {
  private final float[] gamma;
  private final float[] beta;
  private final float epsilon;

  private LayerNorm(float[] gamma, float[] beta, float epsilon) {
    this.gamma = gamma;
    this.beta = beta;
    this.epsilon = epsilon;
  }

  static LayerNorm of(Map<String, Tensor> params, String name, int dim, float epsilon) {
    Tensor g = ModelFormatException.require(params, name + ".gamma", 1);
    Tensor b = ModelFormatException.require(params, name + ".beta", 1);
    if (g.dim(0) != dim || b.dim(0) != dim) {
      throw new ModelFormatException(name + " must have " + dim + " values");
    }
    return new LayerNorm(g.data().clone(), b.data().clone(), epsilon);
  }

  void apply(float[] x, int xOff, float[] y, int yOff) {
    int d = gamma.length;
    double mean = 0;
    for (int i = 0; i < d; i++) {
      mean += x[xOff + i];
    }
    mean /= d;
    double var = 0;
    for (int i = 0; i < d; i++) {
      double c = x[xOff + i] - mean;
      var += c * c;
    }
    var /= d;
    float inv = (float) (1.0 / Math.sqrt(var + epsilon));
    float m = (float) mean;
    for (int i = 0; i < d; i++) {
      y[yOff + i] = (x[xOff + i] - m) * inv * gamma[i] + beta[i];
    }
  }
}
