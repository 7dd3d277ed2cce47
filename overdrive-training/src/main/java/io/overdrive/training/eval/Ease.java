package io.overdrive.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-item
 * weight matrix in closed form, {@code B = I - P / diag(P)} with {@code P = (X^T X + lambda I)^-1}
 * and a zero diagonal, fitted on the training items of every user; a user's score for item j is the
 * sum of {@code B[i][j]} over the items i in their input. A cheap baseline that is hard to beat on
 * full-corpus ranking, so every report shows it beside PopRec.
 *
 * <p>The Gram matrix is dense (items x items floats) and inverting it costs items^3: a catalogue
 * above {@code maxItems} keeps its {@code maxItems} most popular training items, and the others are
 * ranked below them by popularity. The inverse runs on PyTorch (BLAS and LAPACK) through DJL, by
 * blocks ({@link #inverseSymmetric}), and through the users' side when they are much fewer than the
 * items ({@link EaseFit}).
 */
public final class Ease implements UserScorer {
  /** Regularisation tried on validation: a factor-of-4 grid, then the best one's neighbours. */
  static final double[] LAMBDAS = {4, 16, 64, 256, 1024, 4096};

  /** Grid extensions past an edge that still gains. */
  static final int EXTEND_STEPS = 3;

  /** Catalogue size (the most popular items) on which the regularisation is chosen. */
  static final int SEARCH_MAX_ITEMS = 3000;

  /** Inverses up to this size run in double precision. */
  static final int DOUBLE_MAX_ITEMS = 2048;

  /** The block inverse's halves recurse down to this size, where an LU inverse takes over. */
  static final int LEAF_ITEMS = 1536;

  /**
   * Share of the JVM's heap the two items x items float matrices alive at once may take (the
   * co-occurrence counts and a fit's weights); PyTorch's copies are native memory.
   */
  static final double HEAP_SHARE = 0.5;

  private final LeaveOneOutSplit split;
  private final int[] kept; // catalogue index of each modelled item, most popular first
  private final int[] column; // catalogue index -> modelled index, or -1
  private final float[] weights; // kept x kept, row-major: B[i][j]
  private final float[] fallback; // score of items that are not modelled: below all others

  /**
   * EASE's test metrics with the regularisation chosen on validation for each protocol.
   *
   * @param test the full-protocol row from the scorer chosen on full ranking, the sampled one from
   *     the scorer chosen on sampled-100
   * @param items modelled items (the most popular ones when the catalogue is larger)
   * @param searchItems items the regularisation was chosen on
   * @param throughUsers users the final fits went through ({@link EaseFit}), 0 for the items' side
   */
  public record Result(
      Evaluator.Result test,
      double lambdaFull,
      double lambdaSampled,
      int items,
      int catalogue,
      int searchItems,
      double seconds,
      double fitSeconds,
      String limitedBy,
      int throughUsers,
      List<LambdaRow> search) {
    /** The manifest's {@code baselines.ease} entry. */
    public Map<String, Object> toMap() {
      List<Map<String, Object>> tried = new ArrayList<>();
      for (LambdaRow r : search) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lambda", r.lambda());
        row.put("validation_ndcg@10_full", r.validationNdcg10Full());
        row.put("validation_ndcg@10_sampled", r.validationNdcg10Sampled());
        tried.add(row);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lambda_full", lambdaFull);
      m.put("lambda_sampled", lambdaSampled);
      m.put("items", items);
      m.put("catalogue", catalogue);
      m.put("lambda_chosen_on_items", searchItems);
      m.put("seconds", Math.round(seconds * 10) / 10.0);
      m.put("final_fit_seconds", Math.round(fitSeconds * 10) / 10.0);
      if (!limitedBy.isEmpty()) {
        m.put("items_limited_by", limitedBy);
      }
      if (throughUsers > 0) {
        m.put("fitted_through_users", throughUsers);
      }
      m.put("lambdas_tried", tried);
      return m;
    }

    /** The note the report shows under the metrics. */
    public String describe() {
      String scope =
          items == catalogue
              ? "all " + catalogue + " items"
              : "the "
                  + items
                  + " most popular of "
                  + catalogue
                  + " items (sampled: "
                  + limitedBy
                  + "; the others rank below them by popularity)";
      String chosenOn =
          searchItems == items ? "" : " (chosen on the " + searchItems + " most popular items)";
      String side =
          throughUsers == 0
              ? ""
              : "; fitted through its "
                  + throughUsers
                  + " users (fewer than items: a users x users inverse)";
      return String.format(
          Locale.ROOT,
          "EASE on %s: lambda %s (full), %s (sampled-100), chosen on validation NDCG@10%s%s;"
              + " %.1f s (%.1f s in the final fits)",
          scope,
          number(lambdaFull),
          number(lambdaSampled),
          chosenOn,
          side,
          seconds,
          fitSeconds);
    }
  }

  /** One regularisation tried on validation. */
  public record LambdaRow(
      double lambda, double validationNdcg10Full, double validationNdcg10Sampled) {}

  Ease(LeaveOneOutSplit split, int[] kept, float[] weights) {
    this.split = split;
    this.kept = kept;
    this.weights = weights;
    int items = split.itemCount();
    column = new int[items];
    Arrays.fill(column, -1);
    for (int k = 0; k < kept.length; k++) {
      column[kept[k]] = k;
    }
    // items left out rank below every modelled item (EASE scores are sums of a few weights well
    // under 1e4), in order of popularity; exact integers in float
    float[] pop = split.popularity(Phase.VALIDATION);
    Integer[] rest =
        IntStream.range(0, items).filter(i -> column[i] < 0).boxed().toArray(Integer[]::new);
    Arrays.sort(rest, Comparator.comparingDouble((Integer i) -> -pop[i]).thenComparing(i -> i));
    fallback = new float[items];
    for (int r = 0; r < rest.length; r++) {
      fallback[rest[r]] = -1e4f - r;
    }
  }

  /**
   * Fits EASE on the training items, choosing the regularisation on the validation targets for each
   * protocol (on the {@link #SEARCH_MAX_ITEMS} most popular items when the catalogue is larger),
   * and evaluates it on the test targets.
   *
   * @param maxItems the most items modelled; a larger catalogue keeps its most popular ones
   */
  public static Result evaluate(
      LeaveOneOutSplit split, Evaluator evaluator, int maxItems, NDManager nd) {
    long t0 = System.nanoTime();
    int memoryLimit = memoryLimit(Runtime.getRuntime().maxMemory());
    int limit = Math.min(maxItems, memoryLimit);
    String limitedBy =
        split.itemCount() <= limit
            ? ""
            : maxItems <= memoryLimit
                ? "--ease-max-items " + maxItems
                : "the heap (-Xmx) holds two " + memoryLimit + "^2 float matrices";
    int[] kept = mostPopular(split, limit);
    int[] searchItems = Arrays.copyOf(kept, Math.min(SEARCH_MAX_ITEMS, kept.length));
    EaseFit fits = EaseFit.of(split, searchItems);
    List<LambdaRow> rows = chooseLambdas(split, evaluator, searchItems, fits, nd);
    double lambdaFull = best(rows, true).lambda();
    double lambdaSampled = best(rows, false).lambda();
    long fit = System.nanoTime();
    if (kept.length != searchItems.length) {
      fits = null; // the search's Gram matrix is garbage before the larger one is built
      fits = EaseFit.of(split, kept);
    }
    // one fit alive at a time: the full protocol's is garbage once evaluated
    Evaluator.Result full =
        evaluator.evaluate(new Ease(split, kept, fits.weights(lambdaFull, nd)), Phase.TEST);
    Evaluator.Result sampled =
        lambdaSampled == lambdaFull
            ? full
            : evaluator.evaluate(
                new Ease(split, kept, fits.weights(lambdaSampled, nd)), Phase.TEST);
    return new Result(
        new Evaluator.Result(sampled.sampled(), full.full()),
        lambdaFull,
        lambdaSampled,
        kept.length,
        split.itemCount(),
        searchItems.length,
        (System.nanoTime() - t0) / 1e9,
        (System.nanoTime() - fit) / 1e9,
        limitedBy,
        fits.throughUsers() ? fits.users() : 0,
        rows);
  }

  /**
   * Validation NDCG@10 of both protocols for a factor-4 grid of lambdas, extended past an edge that
   * still gains and refined by 2 around each protocol's best; sorted by lambda.
   */
  private static List<LambdaRow> chooseLambdas(
      LeaveOneOutSplit split, Evaluator evaluator, int[] items, EaseFit fits, NDManager nd) {
    List<LambdaRow> rows = new ArrayList<>();
    for (double l : LAMBDAS) {
      rows.add(tryLambda(split, evaluator, items, fits, l, nd));
    }
    for (boolean full : new boolean[] {true, false}) {
      // a best at the edge of the grid: go on by factors of 4 while it still gains (sampled-100
      // often wants a regularisation that leans towards popularity)
      for (int k = 0; k < EXTEND_STEPS; k++) {
        double best = best(rows, full).lambda();
        double min = rows.stream().mapToDouble(LambdaRow::lambda).min().orElseThrow();
        double max = rows.stream().mapToDouble(LambdaRow::lambda).max().orElseThrow();
        if (best != min && best != max) {
          break;
        }
        rows.add(tryLambda(split, evaluator, items, fits, best == max ? max * 4 : min / 4, nd));
      }
      // then refine around the best by a factor of 2
      double best = best(rows, full).lambda();
      for (double l : new double[] {best / 2, best * 2}) {
        if (rows.stream().noneMatch(r -> r.lambda() == l)) {
          rows.add(tryLambda(split, evaluator, items, fits, l, nd));
        }
      }
    }
    rows.sort(Comparator.comparingDouble(LambdaRow::lambda));
    return rows;
  }

  /** EASE with a given regularisation on the {@code maxItems} most popular items. */
  public static Ease fit(LeaveOneOutSplit split, int maxItems, double lambda, NDManager nd) {
    int[] kept = mostPopular(split, maxItems);
    return new Ease(split, kept, EaseFit.of(split, kept).weights(lambda, nd));
  }

  private static LambdaRow tryLambda(
      LeaveOneOutSplit split,
      Evaluator evaluator,
      int[] items,
      EaseFit fits,
      double lambda,
      NDManager nd) {
    Ease e = new Ease(split, items, fits.weights(lambda, nd));
    Evaluator.Result r = evaluator.evaluate(e, Phase.VALIDATION);
    return new LambdaRow(lambda, r.full().ndcg10(), r.sampled().ndcg10());
  }

  private static LambdaRow best(List<LambdaRow> rows, boolean full) {
    return rows.stream()
        .max(
            Comparator.comparingDouble(
                (LambdaRow r) -> full ? r.validationNdcg10Full() : r.validationNdcg10Sampled()))
        .orElseThrow();
  }

  /** The most items whose two n x n float matrices fit in {@link #HEAP_SHARE} of the heap. */
  static int memoryLimit(long maxHeapBytes) {
    return (int) Math.min(Integer.MAX_VALUE, Math.sqrt(HEAP_SHARE * maxHeapBytes / 8.0));
  }

  /** Catalogue indices of the {@code n} items with the most training interactions. */
  static int[] mostPopular(LeaveOneOutSplit split, int n) {
    float[] pop = split.popularity(Phase.VALIDATION);
    return IntStream.range(0, split.itemCount())
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -pop[i]).thenComparing(i -> i))
        .limit(n)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** {@code X^T X} over the given items (row-major, items x items): co-occurrence counts. */
  static float[] gram(LeaveOneOutSplit split, int[] items) {
    int n = items.length;
    int[] column = new int[split.itemCount()];
    Arrays.fill(column, -1);
    for (int k = 0; k < n; k++) {
      column[items[k]] = k;
    }
    float[] g = new float[Math.multiplyExact(n, n)];
    int[] cols = new int[16];
    for (int u = 0; u < split.userCount(); u++) {
      int[] train = split.train(u);
      if (cols.length < train.length) {
        cols = new int[train.length];
      }
      int m = 0;
      for (int i : train) {
        if (column[i] >= 0) {
          cols[m++] = column[i];
        }
      }
      addCooccurrences(g, n, cols, m);
    }
    return g;
  }

  /** Adds one user's row (the first {@code m} of {@code cols}, distinct) to {@code X^T X}. */
  private static void addCooccurrences(float[] g, int n, int[] cols, int m) {
    for (int a = 0; a < m; a++) {
      int row = cols[a] * n;
      for (int b = 0; b < m; b++) {
        g[row + cols[b]] += 1f;
      }
    }
  }

  /**
   * EASE's weights B (row-major n x n, a zero diagonal) on rows of item indices in [0, n), each one
   * user's distinct items: the trainer's fit for callers with data of their own (the replay
   * benchmarks score their candidates with it), so every report reads the same baseline.
   */
  public static float[] weights(List<int[]> rows, int n, double lambda, NDManager nd) {
    float[] g = new float[Math.multiplyExact(n, n)];
    for (int[] row : rows) {
      addCooccurrences(g, n, row, row.length);
    }
    return weights(g, n, lambda, nd);
  }

  /**
   * {@code B = I - P / diag(P)} with {@code P = (G + lambda I)^-1} and a zero diagonal, row-major.
   * The inverse runs in double precision up to {@link #DOUBLE_MAX_ITEMS} items (the matrix is well
   * conditioned for lambda >= 1, but a small lambda on a popular catalogue loses digits in float),
   * in float above (half the memory and time); by blocks above {@link #LEAF_ITEMS}.
   */
  static float[] weights(float[] gram, int n, double lambda, NDManager nd) {
    return weights(gram, n, lambda, nd, n <= DOUBLE_MAX_ITEMS, LEAF_ITEMS);
  }

  /**
   * {@link #weights(float[], int, double, NDManager)} in the given precision, the inverse taken by
   * blocks above {@code leafItems}.
   */
  static float[] weights(
      float[] gram, int n, double lambda, NDManager nd, boolean inDouble, int leafItems) {
    float[] p;
    try (NDManager m = nd.newSubManager()) {
      p =
          inversePlusLambda(m, gram, n, lambda, inDouble, leafItems)
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
    }
    return weightsFromInverse(p, n);
  }

  /** {@code (A + lambda I)^-1} of a symmetric n x n matrix (row-major), in {@code m}. */
  static NDArray inversePlusLambda(NDManager m, float[] a, int n, double lambda, boolean inDouble) {
    return inversePlusLambda(m, a, n, lambda, inDouble, LEAF_ITEMS);
  }

  private static NDArray inversePlusLambda(
      NDManager m, float[] a, int n, double lambda, boolean inDouble, int leafItems) {
    float[] diagonal = new float[n];
    for (int i = 0; i < n; i++) {
      diagonal[i] = a[i * n + i];
      a[i * n + i] += (float) lambda;
    }
    NDArray g = m.create(a, new Shape(n, n));
    for (int i = 0; i < n; i++) {
      a[i * n + i] = diagonal[i];
    }
    return inverseSymmetric(inDouble ? g.toType(DataType.FLOAT64, false) : g, leafItems);
  }

  /** {@code B = I - P / diag(P)} with a zero diagonal, in place of P (row-major n x n). */
  static float[] weightsFromInverse(float[] p, int n) {
    float[] scale = new float[n];
    for (int j = 0; j < n; j++) {
      scale[j] = -1f / p[j * n + j];
    }
    for (int i = 0; i < n; i++) {
      int row = i * n;
      for (int j = 0; j < n; j++) {
        p[row + j] *= scale[j];
      }
      p[row + i] = 0f;
    }
    return p;
  }

  /**
   * The inverse of a symmetric positive definite matrix (the Gram matrix plus lambda I) by blocks:
   * with {@code A = [A11 A12; A12^T A22]}, {@code W = A11^-1 A12} and the Schur complement {@code S
   * = A22 - A12^T W}, {@code A^-1 = [A11^-1 + W S^-1 W^T, -W S^-1; (-W S^-1)^T, S^-1]}; the two
   * halves' inverses recurse down to {@code leaf} items, where PyTorch's LU inverse takes over.
   *
   * <p>Why: an LU inverse costs about 8/3 n^3 flops (the factorisation, then two triangular solves
   * against n right-hand sides); this costs about 4/3 n^3, nearly all in matrix products, which run
   * closer to the CPU's peak. No pivoting is needed: the leading blocks and Schur complements of a
   * positive definite matrix are positive definite (this is block Gaussian elimination, stable for
   * such matrices as Cholesky is). The lower-left block is read as the upper-right's transpose.
   */
  static NDArray inverseSymmetric(NDArray a, int leaf) {
    long n = a.getShape().get(0);
    if (n <= leaf) {
      return a.inverse();
    }
    long h = n / 2;
    NDManager parent = a.getManager();
    try (NDManager m = parent.newSubManager()) {
      NDArray a12 = a.get(m, new NDIndex(":{}, {}:", h, h));
      NDArray i11 = inverseSymmetric(a.get(m, new NDIndex(":{}, :{}", h, h)), leaf);
      NDArray w = i11.matMul(a12);
      NDArray s = a.get(m, new NDIndex("{}:, {}:", h, h)).sub(a12.transpose().matMul(w));
      NDArray si = inverseSymmetric(s, leaf);
      s.close();
      NDArray v = w.matMul(si).negi(); // the upper-right block, -W S^-1
      NDArray p11 = i11.sub(v.matMul(w.transpose()));
      w.close();
      i11.close();
      NDArray p = p11.concat(v, 1).concat(v.transpose().concat(si, 1), 0);
      p.attach(parent);
      return p;
    }
  }

  @Override
  public void scoreAll(int[] users, Phase phase, float[][] out) {
    int n = kept.length;
    for (int k = 0; k < users.length; k++) {
      float[] row = out[k];
      float[] sums = new float[n];
      for (int i : split.input(users[k], phase)) {
        int c = column[i];
        if (c < 0) {
          continue;
        }
        int offset = c * n;
        for (int j = 0; j < n; j++) {
          sums[j] += weights[offset + j];
        }
      }
      System.arraycopy(fallback, 0, row, 0, row.length);
      for (int j = 0; j < n; j++) {
        row[kept[j]] = sums[j];
      }
    }
  }

  /** A number without a trailing ".0" when it is whole. */
  public static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
