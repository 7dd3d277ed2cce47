package io.overdrive.model;

import java.util.Arrays;

/**
 * A bag of hashed tokens with weights whose absolute values sum to 1 (or an empty bag): the tower
 * input is {@code sum(w_k * E[ids_k])}, a weighted mean of token embeddings.
 */
public record WeightedTokens(int[] ids, float[] weights) {
  public static final WeightedTokens EMPTY = new WeightedTokens(new int[0], new float[0]);

  public WeightedTokens {
    if (ids.length != weights.length) {
      throw new IllegalArgumentException("ids and weights differ in length");
    }
  }

  public int size() {
    return ids.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightedTokens t
        && Arrays.equals(ids, t.ids)
        && Arrays.equals(weights, t.weights);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(weights);
  }
}
