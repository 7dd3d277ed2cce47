package io.overdrive.retrieval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Embedding-like vectors for tests and benchmarks: a low-rank signal plus isotropic noise,
 * normalised to unit length, as a trained tower's outputs look (i.i.d. random vectors would make
 * every neighbour equally far and recall meaningless). Users and items share the latent space.
 */
public final class SyntheticEmbeddings {
  private final int dimension;
  private final int rank;
  private final double noise;
  private final float[] basis;
  private final SplittableRandom random;

  /**
   * @param rank dimension of the latent signal (e.g. 16 of 64)
   * @param noise standard deviation of the per-dimension noise relative to the signal
   */
  public SyntheticEmbeddings(int dimension, int rank, double noise, long seed) {
    this.dimension = dimension;
    this.rank = rank;
    this.noise = noise;
    this.random = new SplittableRandom(seed);
    this.basis = new float[rank * dimension];
    double scale = 1 / Math.sqrt(rank);
    for (int i = 0; i < basis.length; i++) {
      basis[i] = (float) (gaussian() * scale);
    }
  }

  /** {@code n} items with ids {@code i0 .. i<n-1>}. */
  public ItemEmbeddings items(String modelVersion, int n) {
    float[] vectors = new float[Math.multiplyExact(n, dimension)];
    List<String> ids = new ArrayList<>(n);
    float[] row = new float[dimension];
    for (int i = 0; i < n; i++) {
      next(row);
      System.arraycopy(row, 0, vectors, i * dimension, dimension);
      ids.add("i" + i);
    }
    return new ItemEmbeddings(modelVersion, dimension, ids, vectors);
  }

  /** {@code n} query (user) vectors from the same distribution. */
  public float[][] queries(int n) {
    float[][] out = new float[n][dimension];
    for (float[] q : out) {
      next(q);
    }
    return out;
  }

  private void next(float[] out) {
    double[] latent = new double[rank];
    for (int r = 0; r < rank; r++) {
      latent[r] = gaussian();
    }
    double norm = 0;
    for (int d = 0; d < dimension; d++) {
      double v = noise * gaussian();
      for (int r = 0; r < rank; r++) {
        v += latent[r] * basis[r * dimension + d];
      }
      out[d] = (float) v;
      norm += v * v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < dimension; d++) {
      out[d] *= inv;
    }
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Share of {@code truth}'s ids found in {@code found} (recall@|truth|). */
  public static double recall(List<ScoredItem> truth, List<ScoredItem> found) {
    if (truth.isEmpty()) {
      return 1;
    }
    Set<String> want = new HashSet<>();
    truth.forEach(t -> want.add(t.itemId()));
    long hit = found.stream().filter(f -> want.contains(f.itemId())).count();
    return (double) hit / truth.size();
  }
}
