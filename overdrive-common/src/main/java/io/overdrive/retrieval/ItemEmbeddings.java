package io.overdrive.retrieval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The item tower's output for a model version: {@code ids.get(i)} is row i of the row-major {@code
 * vectors} ({@code ids.size() x dimension} floats).
 */
public record ItemEmbeddings(
    String modelVersion, int dimension, List<String> ids, float[] vectors) {

  public ItemEmbeddings {
    Objects.requireNonNull(modelVersion, "modelVersion");
    ids = List.copyOf(ids);
    if (dimension <= 0) {
      throw new IllegalArgumentException("embedding dimension must be > 0, got " + dimension);
    }
    if ((long) ids.size() * dimension != vectors.length) {
      throw new IllegalArgumentException(
          ids.size() + " ids x " + dimension + " dims != " + vectors.length + " floats");
    }
    Set<String> seen = new HashSet<>(ids.size() * 2);
    for (String id : ids) {
      if (id.isBlank()) {
        throw new IllegalArgumentException("blank item id in embeddings of " + modelVersion);
      }
      if (!seen.add(id)) {
        throw new IllegalArgumentException("item id " + id + " appears twice in " + modelVersion);
      }
    }
  }

  public int count() {
    return ids.size();
  }

  /** A copy of row {@code i}. */
  public float[] row(int i) {
    float[] out = new float[dimension];
    System.arraycopy(vectors, i * dimension, out, 0, dimension);
    return out;
  }
}
