package io.overdrive.features;

import java.util.Arrays;

/**
 * The feature vectors of one ranking at a time, in two flat arrays that the next ranking reuses. A
 * vector of its own per candidate (its doubles, its details, the object) was a quarter of an ids
 * ranking's allocation (docs/benchmarks.md, "Where the time goes"): 500 candidates, ~150 KB, every
 * request. A slab hands out vectors over consecutive ranges of its arrays ({@link #next()}) and
 * {@link #clear() clears} the ranges it handed out, so a vector read after the clear reads as new.
 *
 * <p>Not thread-safe: one ranking uses a slab at a time; what outlives the ranking is a {@link
 * FeatureVector#snapshot() snapshot} or a {@link FeatureVector#copy() copy}.
 */
public final class FeatureSlab {
  private final double[] values;
  private final String[] details;
  private final FeatureVector[] vectors;
  private int used;

  /**
   * @param capacity vectors held in the slab; a ranking with more candidates gets vectors of their
   *     own for the rest
   */
  public FeatureSlab(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    int size = FeatureVector.SIZE;
    this.values = new double[capacity * size];
    this.details = new String[capacity * size];
    this.vectors = new FeatureVector[capacity];
    for (int i = 0; i < capacity; i++) {
      vectors[i] = new FeatureVector(values, details, i * size);
    }
  }

  /** An empty vector: the slab's next one, or one of its own when the slab is used up. */
  public FeatureVector next() {
    return used < vectors.length ? vectors[used++] : new FeatureVector();
  }

  /** How many of the slab's vectors were handed out since the last clear. */
  public int used() {
    return used;
  }

  /** Empties every vector handed out (their values, details and presence) for the next ranking. */
  public void clear() {
    int end = used * FeatureVector.SIZE;
    Arrays.fill(values, 0, end, 0.0);
    Arrays.fill(details, 0, end, null);
    for (int i = 0; i < used; i++) {
      vectors[i].clearPresence();
    }
    used = 0;
  }
}
