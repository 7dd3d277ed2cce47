package io.overdrive.model;

import java.util.Arrays;

/** A named model parameter: its shape and float32 values in row-major order. */
public record Tensor(int[] shape, float[] data) {
  public Tensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** The tensor as a (rows, cols) matrix with the last axis as columns. */
  public int rows() {
    return shape.length == 0 ? 1 : data.length / Math.max(1, shape[shape.length - 1]);
  }

  public int cols() {
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
