package io.overdrive.training.eval;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * What EASE's fits on one set of items need, computed once for every regularisation tried, and the
 * fits themselves. {@code B} needs {@code P = (X^T X + lambda I)^-1} over the n items, X being the
 * users' training rows (0/1). When there are far fewer users with training items among them than
 * items, the Woodbury identity gives the same P from the users' side:
 *
 * <pre>P = (I - X^T (X X^T + lambda I)^-1 X) / lambda</pre>
 *
 * so the cube is the users' count instead of the items' (5,600 users against 10,381 items on the
 * sparse synthetic file's first quarter: a sixth of the flops), and X being sparse makes the
 * products around the inverse cheap. A catalogue larger than its audience is the shape of a young
 * social app (more posts than people), so this is not a corner case.
 */
final class EaseFit {
  /**
   * Through the users when {@code 2 users^2 <= items^2}: the double-precision users x users inverse
   * and P then take no more heap than the items' Gram matrix and P (the budget {@link
   * Ease#memoryLimit} checked), and the inverse costs at most a third of the items'.
   */
  static final double USERS_SIDE_MAX_RATIO = Math.sqrt(0.5);

  private final int n;
  private final float[] gram; // items x items, null when fitted through the users
  private final int users;
  private final int[] itemStart; // item k's users are itemUsers[itemStart[k] .. itemStart[k + 1])
  private final int[] itemUsers;

  private EaseFit(int n, float[] gram, int users, int[] itemStart, int[] itemUsers) {
    this.n = n;
    this.gram = gram;
    this.users = users;
    this.itemStart = itemStart;
    this.itemUsers = itemUsers;
  }

  /** The fit on {@code items} (catalogue indices), through the users when they are few enough. */
  static EaseFit of(LeaveOneOutSplit split, int[] items) {
    return of(split, items, USERS_SIDE_MAX_RATIO);
  }

  /**
   * @param usersSideMaxRatio through the users when they are at most this share of the items
   */
  static EaseFit of(LeaveOneOutSplit split, int[] items, double usersSideMaxRatio) {
    int n = items.length;
    int[] column = new int[split.itemCount()];
    Arrays.fill(column, -1);
    for (int k = 0; k < n; k++) {
      column[items[k]] = k;
    }
    // users with at least one training item among these (the others add nothing to X)
    int[] count = new int[n + 1];
    int users = 0;
    for (int u = 0; u < split.userCount(); u++) {
      boolean any = false;
      for (int i : split.train(u)) {
        if (column[i] >= 0) {
          count[column[i] + 1]++;
          any = true;
        }
      }
      users += any ? 1 : 0;
    }
    if (users > usersSideMaxRatio * n) {
      return new EaseFit(n, Ease.gram(split, items), users, null, null);
    }
    int[] start = new int[n + 1];
    for (int k = 0; k < n; k++) {
      start[k + 1] = start[k] + count[k + 1];
    }
    int[] next = Arrays.copyOf(start, n);
    int[] members = new int[start[n]];
    int row = 0;
    for (int u = 0; u < split.userCount(); u++) {
      boolean any = false;
      for (int i : split.train(u)) {
        if (column[i] >= 0) {
          members[next[column[i]]++] = row;
          any = true;
        }
      }
      row += any ? 1 : 0;
    }
    return new EaseFit(n, null, users, start, members);
  }

  boolean throughUsers() {
    return gram == null;
  }

  /** Users with training items among the fitted ones. */
  int users() {
    return users;
  }

  /** EASE's weights B (row-major n x n) with this regularisation. */
  float[] weights(double lambda, NDManager nd) {
    if (gram != null) {
      return Ease.weights(gram, n, lambda, nd);
    }
    // X X^T: the users' co-occurrence counts, built per fit (cheap: the sum of the items' squared
    // popularities) so that only one users x users matrix is alive besides the inverse
    float[] userGram = new float[Math.multiplyExact(users, users)];
    for (int k = 0; k < n; k++) {
      for (int a = itemStart[k]; a < itemStart[k + 1]; a++) {
        int offset = itemUsers[a] * users;
        for (int b = itemStart[k]; b < itemStart[k + 1]; b++) {
          userGram[offset + itemUsers[b]] += 1f;
        }
      }
    }
    double[] inverse;
    try (NDManager m = nd.newSubManager()) {
      inverse = Ease.inversePlusLambda(m, userGram, users, lambda, true).toDoubleArray();
    }
    userGram = null; // garbage before P is allocated
    float[] p = new float[Math.multiplyExact(n, n)];
    ThreadLocal<double[]> buffers = ThreadLocal.withInitial(() -> new double[users]);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            j -> {
              // row j of (X X^T + lambda I)^-1 X, transposed: the sum of the inverse's rows of
              // item j's users (the inverse is symmetric)
              double[] kx = buffers.get();
              Arrays.fill(kx, 0);
              for (int a = itemStart[j]; a < itemStart[j + 1]; a++) {
                int offset = itemUsers[a] * users;
                for (int u = 0; u < users; u++) {
                  kx[u] += inverse[offset + u];
                }
              }
              int out = j * n;
              for (int i = 0; i < n; i++) {
                double q = 0; // (X^T (X X^T + lambda I)^-1 X)[j][i]
                for (int a = itemStart[i]; a < itemStart[i + 1]; a++) {
                  q += kx[itemUsers[a]];
                }
                p[out + i] = (float) (((i == j ? 1 : 0) - q) / lambda);
              }
            });
    return Ease.weightsFromInverse(p, n);
  }
}
