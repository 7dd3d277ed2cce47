package io.overdrive.bench.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The replay's EASE is the trainer's fit over item ids: the same scores as EASE's closed form
 * computed here in double precision, the way the replay computed it before it used the trainer's
 * (an in-place Gauss-Jordan inverse of {@code X^T X + lambda I}).
 */
class ReplayEaseTest {
  @Test
  void scoresAreEasesClosedFormOverTheItemIds() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 40;
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add("i" + i);
    }
    // taste clusters of 8 items, so the weights are far from uniform
    List<Set<String>> histories = new ArrayList<>();
    for (int u = 0; u < 120; u++) {
      Set<String> h = new LinkedHashSet<>();
      int cluster = u % 5;
      while (h.size() < 6) {
        int i = rnd.nextDouble() < 0.8 ? cluster * 8 + rnd.nextInt(8) : rnd.nextInt(n);
        h.add("i" + i);
      }
      h.add("unknown"); // outside the catalogue: ignored
      histories.add(h);
    }
    double lambda = 20;
    Ease ease = Ease.fit(histories, items, lambda);
    double[][] b = closedForm(histories, items, lambda);

    List<String> history = List.of("i0", "i3", "i9", "unknown");
    List<String> candidates = List.of("i1", "i2", "i8", "i17", "i30", "i0", "nowhere");
    double[] scores = ease.scores(history, candidates);
    double largest = 0;
    for (int c = 0; c < candidates.size(); c++) {
      double expected = 0;
      int j = items.indexOf(candidates.get(c));
      for (String h : history) {
        int i = items.indexOf(h);
        if (i >= 0 && j >= 0) {
          expected += b[i][j];
        }
      }
      largest = Math.max(largest, Math.abs(expected));
      assertThat(scores[c]).as(candidates.get(c)).isCloseTo(expected, within(1e-5));
    }
    assertThat(largest).isGreaterThan(0.05); // the scores are not all near zero
    assertThat(scores[candidates.size() - 1]).isZero(); // an item outside the catalogue
    // the cluster's own items rank above the others' for a user of cluster 0
    assertThat(scores[0]).isGreaterThan(scores[3]);
    assertThat(scores[1]).isGreaterThan(scores[4]);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  /** {@code B = I - P / diag(P)}, {@code P = (X^T X + lambda I)^-1}, zero diagonal, in double. */
  static double[][] closedForm(List<Set<String>> histories, List<String> items, double lambda) {
    int n = items.size();
    double[] g = new double[n * n];
    for (Set<String> h : histories) {
      List<Integer> rows = h.stream().map(items::indexOf).filter(i -> i >= 0).toList();
      for (int a : rows) {
        for (int c : rows) {
          g[a * n + c] += 1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i * n + i] += lambda;
    }
    invert(g, n);
    double[][] b = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i][j] = i == j ? 0 : -g[i * n + j] / g[j * n + j];
      }
    }
    return b;
  }

  /** In-place Gauss-Jordan inversion of a positive definite matrix (no pivoting needed). */
  private static void invert(double[] a, int n) {
    double[] pivotRow = new double[n];
    for (int k = 0; k < n; k++) {
      int kOff = k * n;
      double inv = 1 / a[kOff + k];
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
        for (int j = 0; j < n; j++) {
          a[off + j] -= f * pivotRow[j];
        }
        a[off + k] = -f * inv;
      }
    }
  }
}
