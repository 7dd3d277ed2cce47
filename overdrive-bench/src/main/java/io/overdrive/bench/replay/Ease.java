package io.overdrive.bench.replay;

import ai.djl.ndarray.NDManager;
import io.overdrive.training.DjlRuntime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * EASE (Steck, WWW 2019), the strong cheap baseline the replay reads its figures against: the
 * trainer's fit ({@link io.overdrive.training.eval.Ease#weights(List, int, double, NDManager)}),
 * over the replay's item ids. A user's score for item j is the sum of {@code B[i][j]} over the
 * items i of their history.
 */
final class Ease {
  private final Map<String, Integer> index;
  private final float[] b;
  private final int n;

  private Ease(Map<String, Integer> index, float[] b, int n) {
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
    List<int[]> rows = new ArrayList<>(histories.size());
    for (Collection<String> h : histories) {
      rows.add(h.stream().map(index::get).filter(i -> i != null).mapToInt(i -> i).toArray());
    }
    DjlRuntime.configure(0); // before the engine loads, if nothing loaded it yet
    try (NDManager nd = NDManager.newBaseManager()) {
      return new Ease(index, io.overdrive.training.eval.Ease.weights(rows, n, lambda, nd), n);
    }
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
}
