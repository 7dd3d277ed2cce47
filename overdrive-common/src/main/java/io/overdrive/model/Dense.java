package io.overdrive.model;

import java.util.Map;

/**
 * A fully connected layer {@code y = W x + b} read from an exported {@code (out, in)} weight. The
 * weight is kept transposed, so the inner loop runs over contiguous outputs ({@code y += x_i * W[:,
 * i]}), which the JIT vectorises.
 */
final class Dense {
  final int in;
  final int out;
  private final float[] weightT;
  private final float[] bias;

  private Dense(int in, int out, float[] weightT, float[] bias) {
    this.in = in;
    this.out = out;
    this.weightT = weightT;
    this.bias = bias;
  }

  static Dense of(Map<String, Tensor> params, String name) {
    Tensor w = ModelFormatException.require(params, name + ".weight", 2);
    Tensor b = ModelFormatException.require(params, name + ".bias", 1);
    int out = w.dim(0);
    int in = w.dim(1);
    if (b.dim(0) != out) {
      throw new ModelFormatException(name + ".bias has " + b.dim(0) + " values, expected " + out);
    }
    float[] t = new float[in * out];
    float[] wd = w.data();
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i * out + o] = wd[o * in + i];
      }
    }
    return new Dense(in, out, t, b.data().clone());
  }

  /** {@code y[yOff .. yOff+out) = W x[xOff .. xOff+in) + b}. */
  void apply(float[] x, int xOff, float[] y, int yOff) {
    System.arraycopy(bias, 0, y, yOff, out);
    for (int i = 0; i < in; i++) {
      float xi = x[xOff + i];
      if (xi == 0f) {
        continue;
      }
      int base = i * out;
      for (int o = 0; o < out; o++) {
        y[yOff + o] += xi * weightT[base + o];
      }
    }
  }
}
