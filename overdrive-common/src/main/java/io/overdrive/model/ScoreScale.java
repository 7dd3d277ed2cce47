package io.overdrive.model;

/**
 * Turns a raw model score into a ranking signal in (-1, 1): how many standard deviations the item
 * scores above the user's average over the whole catalogue, squashed by {@code tanh(z / 2)}. The
 * catalogue's mean and covariance of item vectors are computed once per model, so a user's mean
 * ({@code q . mu}) and spread ({@code sqrt(q^T Sigma q)}) cost O(dim^2), not O(items).
 */
public final class ScoreScale {
  private final int dim;
  private final float[] mean;
  private final float[] covariance;

  private ScoreScale(int dim, float[] mean, float[] covariance) {
    this.dim = dim;
    this.mean = mean;
    this.covariance = covariance;
  }

  /** Moments of {@code rows} item vectors of width {@code dim}, starting at row {@code from}. */
  public static ScoreScale of(float[] vectors, int from, int rows, int dim) {
    double[] mu = new double[dim];
    for (int r = from; r < from + rows; r++) {
      for (int k = 0; k < dim; k++) {
        mu[k] += vectors[r * dim + k];
      }
    }
    for (int k = 0; k < dim; k++) {
      mu[k] /= Math.max(rows, 1);
    }
    double[] cov = new double[dim * dim];
    double[] c = new double[dim];
    for (int r = from; r < from + rows; r++) {
      for (int k = 0; k < dim; k++) {
        c[k] = vectors[r * dim + k] - mu[k];
      }
      for (int a = 0; a < dim; a++) {
        double ca = c[a];
        for (int b = 0; b < dim; b++) {
          cov[a * dim + b] += ca * c[b];
        }
      }
    }
    float[] mean = new float[dim];
    float[] covariance = new float[dim * dim];
    for (int k = 0; k < dim; k++) {
      mean[k] = (float) mu[k];
    }
    for (int k = 0; k < cov.length; k++) {
      covariance[k] = (float) (cov[k] / Math.max(rows, 1));
    }
    return new ScoreScale(dim, mean, covariance);
  }

  /** The scale of one query: its catalogue mean and standard deviation. */
  public Query forQuery(float[] q) {
    double m = 0;
    for (int k = 0; k < dim; k++) {
      m += q[k] * mean[k];
    }
    double v = 0;
    for (int a = 0; a < dim; a++) {
      double row = 0;
      for (int b = 0; b < dim; b++) {
        row += covariance[a * dim + b] * q[b];
      }
      v += q[a] * row;
    }
    return new Query(m, Math.sqrt(Math.max(v, 1e-12)));
  }

  /** A query's catalogue mean and standard deviation of scores. */
  public record Query(double mean, double std) {
    /** The signal of a raw score: {@code tanh((score - mean) / std / 2)}. */
    public double signal(double score) {
      return Math.tanh((score - mean) / std / 2);
    }
  }
}
