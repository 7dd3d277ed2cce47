package io.overdrive.bench.replay;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * EASE (Steck, WWW 2019), the strong cheap baseline the replay reads its figures against: an
 * item-item linear model in closed form, {@code B = I - P diag(1 / diag(P))} with {@code P = (X^T X
 * + lambda I)^-1} and a zero diagonal, a user's score for item j being the sum of {@code B[i][j]}
 * over the items i of their history. Dense, so for catalogues up to a few thousand items (the
 * inversion is O(items^3)).
 *
 * <p>The replay's own copy; the trainer's EASE (issue 18) replaces it once it is on main, so every
 * report reads the same baseline.
 */
final class Ease {
  private final Map<String, Integer> index;
  private final double[] b;
  private final int n;

  private Ease(Map<String, Integer> index, double[] b, int n) {
    this.index = index;
    this.b = b;
    this.n = n;
  }

  /**
   * @param histories each user's distinct items
   * @param items the catalogue (items outside it score 0)
   */
  static Ease fit(
      Collection<? extends Collection<String>> histories, List<String> items, double lambda) {
    int n = items.size();
    Map<String, Integer> index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      index.put(items.get(i), i);
    }
    double[] g = new double[n * n];
    int[] rows = new int[n];
    for (Collection<String> h : histories) {
      int k = 0;
      for (String id : h) {
        Integer i = index.get(id);
        if (i != null) {
          rows[k++] = i;
        }
      }
      for (int a = 0; a < k; a++) {
        int off = rows[a] * n;
        for (int c = 0; c < k; c++) {
          g[off + rows[c]] += 1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i * n + i] += lambda;
    }
    invertSymmetricPositiveDefinite(g, n);
    // B[i][j] = -P[i][j] / P[j][j], B[j][j] = 0
    double[] diag = new double[n];
    for (int j = 0; j < n; j++) {
      diag[j] = g[j * n + j];
    }
    for (int i = 0; i < n; i++) {
      int off = i * n;
      for (int j = 0; j < n; j++) {
        g[off + j] = i == j ? 0 : -g[off + j] / diag[j];
      }
    }
    return new Ease(index, g, n);
  }

  /** The user's score for each candidate. */
  double[] scores(Collection<String> history, List<String> candidates) {
    double[] out = new double[candidates.size()];
    int[] cols = new int[candidates.size()];
    for (int c = 0; c < cols.length; c++) {
      cols[c] = index.getOrDefault(candidates.get(c), -1);
    }
    for (String id : history) {
      Integer i = index.get(id);
      if (i == null) {
        continue;
      }
      int off = i * n;
      for (int c = 0; c < cols.length; c++) {
        if (cols[c] >= 0) {
          out[c] += b[off + cols[c]];
        }
      }
    }
    return out;
  }

  /** In-place Gauss-Jordan inversion; no pivoting is needed for a positive definite matrix. */
  static void invertSymmetricPositiveDefinite(double[] a, int n) {
    double[] pivotRow = new double[n];
    for (int k = 0; k < n; k++) {
      int kOff = k * n;
      double pivot = a[kOff + k];
      if (!(pivot > 0)) {
        throw new IllegalArgumentException("matrix is not positive definite at row " + k);
      }
      double inv = 1 / pivot;
      for (int j = 0; j < n; j++) {
        a[kOff + j] *= inv;
      }
      a[kOff + k] = inv;
      System.arraycopy(a, kOff, pivotRow, 0, n);
      for (int i = 0; i < n; i++) {
        if (i == k) {
          continue;
        }
        int off = i * n;
        double f = a[off + k];
        if (f == 0) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          a[off + j] -= f * pivotRow[j];
        }
        a[off + k] = -f * inv;
      }
    }
  }
}
