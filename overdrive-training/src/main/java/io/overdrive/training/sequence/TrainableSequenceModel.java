package io.overdrive.training.sequence;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.loss.Loss;
import io.overdrive.training.BlockOptimizer;
import io.overdrive.training.TrainableModel;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.UserScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sequence model as the trainer sees it: the {@link SasRecBlock}, its optimiser, its batches
 * and its scorer. It learns to predict each next item of a user's training sequence (every position
 * is a training example, as in SASRec) with softmax cross-entropy over the whole catalogue, or over
 * uniformly drawn negatives shared by the batch when the catalogue is large.
 *
 * <p>Users are batched with others of similar length ("sortish" batching), so a batch is padded
 * only to its own longest sequence: the attention cost is quadratic in the padded length.
 */
public final class TrainableSequenceModel implements TrainableModel {
  private static final int SORT_WINDOW_BATCHES = 50;

  private final LeaveOneOutSplit split;
  private final SequenceConfig config;
  private final SasRecBlock block;
  private final BlockOptimizer optimizer;
  private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
  private final int[] trainable;

  /**
   * A batch: left-padded inputs and next-item targets (0 = none), both (rows, length), and the seed
   * of its step's dropout masks and sampled negatives.
   */
  record SequenceBatch(
      long[] inputs, long[] targets, int rows, int length, long examples, long seed)
      implements Batch {}

  /**
   * @param seed the seed of the parameters' initialisation (the settings search gives every
   *     candidate the same: candidates of the same shapes then start from the same parameters)
   */
  public TrainableSequenceModel(
      LeaveOneOutSplit split, SequenceConfig config, Device device, long seed) {
    this.split = split;
    this.config = config;
    this.block = new SasRecBlock(config, split.itemCount());
    this.optimizer =
        new BlockOptimizer(
            block, device, config.learningRate(), config.warmupSteps(), seed, new Shape(1, 1));
    List<Integer> users = new ArrayList<>();
    for (int u = 0; u < split.userCount(); u++) {
      if (split.train(u).length >= 2) {
        users.add(u);
      }
    }
    trainable = users.stream().mapToInt(Integer::intValue).toArray();
  }

  public SasRecBlock block() {
    return block;
  }

  @Override
  public SequenceConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "sequence";
  }

  @Override
  public BlockOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public List<SequenceBatch> epoch(SplittableRandom random) {
    int[] order = trainable.clone();
    shuffle(order, random);
    int window = config.batchSize() * SORT_WINDOW_BATCHES;
    List<Integer[]> groups = new ArrayList<>();
    for (int start = 0; start < order.length; start += window) {
      Integer[] chunk =
          Arrays.stream(order, start, Math.min(order.length, start + window))
              .boxed()
              .toArray(Integer[]::new);
      Arrays.sort(chunk, Comparator.comparingInt(u -> split.train(u).length));
      for (int b = 0; b < chunk.length; b += config.batchSize()) {
        groups.add(Arrays.copyOfRange(chunk, b, Math.min(chunk.length, b + config.batchSize())));
      }
    }
    Collections.shuffle(groups, new java.util.Random(random.nextLong()));
    List<SequenceBatch> batches = new ArrayList<>(groups.size());
    for (Integer[] users : groups) {
      batches.add(batch(users, random.nextLong()));
    }
    return batches;
  }

  private SequenceBatch batch(Integer[] users, long seed) {
    int length = 0;
    for (int u : users) {
      length = Math.max(length, Math.min(split.train(u).length - 1, config.maxLength()));
    }
    long[] inputs = new long[users.length * length];
    long[] targets = new long[users.length * length];
    long examples = 0;
    for (int r = 0; r < users.length; r++) {
      int[] seq = split.train(users[r]);
      int n = Math.min(seq.length - 1, config.maxLength());
      int from = seq.length - 1 - n; // inputs seq[from .. len-2], targets seq[from+1 .. len-1]
      int pad = length - n;
      for (int t = 0; t < n; t++) {
        inputs[r * length + pad + t] = seq[from + t] + 1L;
        targets[r * length + pad + t] = seq[from + t + 1] + 1L;
      }
      examples += n;
    }
    return new SequenceBatch(inputs, targets, users.length, length, examples, seed);
  }

  @Override
  public float step(Batch b) {
    SequenceBatch batch = (SequenceBatch) b;
    return optimizer.step(batch.seed(), m -> loss(m, batch));
  }

  private NDArray loss(NDManager m, SequenceBatch batch) {
    NDArray ids = m.create(batch.inputs(), new Shape(batch.rows(), batch.length()));
    NDArray hidden =
        block.forward(optimizer.parameters(), new NDList(ids), true).singletonOrThrow();
    // only positions with a target train: gather them (padding would be wasted softmax work)
    long[] positions = new long[(int) batch.examples()];
    long[] labels = new long[positions.length];
    int p = 0;
    for (int k = 0; k < batch.targets().length; k++) {
      if (batch.targets()[k] > 0) {
        positions[p] = k;
        labels[p++] = batch.targets()[k] - 1;
      }
    }
    NDArray states =
        Embedding.embedding(
                m.create(positions),
                hidden.reshape(batch.rows() * (long) batch.length(), config.dim()),
                SparseFormat.DENSE)
            .singletonOrThrow();
    NDArray table = block.itemEmbeddings(optimizer.parameters(), ids, true);
    if (config.negatives() <= 0) {
      NDArray logits = states.matMul(table.get(m, new NDIndex("1:")).transpose());
      return crossEntropy(m.create(labels), logits, null);
    }
    return sampledLoss(m, states, table, labels, batch.seed());
  }

  /**
   * Softmax over the target and shared uniform negatives; a negative equal to the target is masked.
   */
  private NDArray sampledLoss(
      NDManager m, NDArray states, NDArray table, long[] labels, long seed) {
    int n = config.negatives();
    long[] negatives = new long[n];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int k = 0; k < n; k++) {
      negatives[k] = 1 + rnd.nextInt(split.itemCount());
    }
    long[] targetRows = new long[labels.length];
    for (int k = 0; k < labels.length; k++) {
      targetRows[k] = labels[k] + 1;
    }
    NDArray targetRowsArr = m.create(targetRows);
    NDArray negativeRows = m.create(negatives);
    NDArray positive =
        states
            .mul(Embedding.embedding(targetRowsArr, table, SparseFormat.DENSE).singletonOrThrow())
            .sum(new int[] {1}, true);
    NDArray negativeLogits =
        states.matMul(
            Embedding.embedding(negativeRows, table, SparseFormat.DENSE)
                .singletonOrThrow()
                .transpose());
    NDArray hits =
        targetRowsArr
            .reshape(-1, 1)
            .eq(negativeRows.reshape(1, -1))
            .toType(DataType.FLOAT32, false);
    negativeLogits = negativeLogits.sub(hits.mul(1e9f));
    NDArray logits = positive.concat(negativeLogits, 1);
    NDArray classes =
        config.labelSmoothing() > 0
            ? m.ones(new Shape(labels.length, 1)).concat(hits.neg().add(1f), 1)
            : null;
    return crossEntropy(m.zeros(new Shape(labels.length), DataType.INT64), logits, classes);
  }

  /**
   * Mean softmax cross-entropy of the rows of {@code logits} against {@code labels}; with label
   * smoothing e, against (1 - e) on the label plus e spread evenly over the row's classes (those
   * marked 1 in {@code classes}, a 0/1 mask of the logits' shape; every column when null). Without
   * smoothing, DJL's loss as before (the same arithmetic, so the same runs to the bit).
   */
  private NDArray crossEntropy(NDArray labels, NDArray logits, NDArray classes) {
    float e = config.labelSmoothing();
    if (e == 0) {
      return crossEntropy.evaluate(new NDList(labels), new NDList(logits));
    }
    return smoothedCrossEntropy(labels, logits, classes, e);
  }

  /** {@link #crossEntropy} with label smoothing {@code e} > 0. */
  static NDArray smoothedCrossEntropy(NDArray labels, NDArray logits, NDArray classes, float e) {
    NDArray logp = logits.logSoftmax(1);
    NDArray target = logp.gather(labels.reshape(-1, 1), 1).neg();
    NDArray uniform =
        classes == null
            ? logp.mean(new int[] {1}, true).neg()
            : logp.mul(classes)
                .sum(new int[] {1}, true)
                .div(classes.sum(new int[] {1}, true))
                .neg();
    return target.mul(1 - e).add(uniform.mul(e)).mean();
  }

  @Override
  public UserScorer scorer() {
    return this::scoreAll;
  }

  private void scoreAll(int[] users, Phase phase, float[][] out) {
    int[][] histories = new int[users.length][];
    for (int k = 0; k < users.length; k++) {
      histories[k] = split.input(users[k], phase);
    }
    float[] flat = scores(histories);
    int items = split.itemCount();
    for (int k = 0; k < users.length; k++) {
      System.arraycopy(flat, k * items, out[k], 0, items);
    }
  }

  /**
   * Every catalogue item's score after each history (catalogue indices, oldest first), computed by
   * DJL: a (histories x items) row-major matrix.
   */
  public float[] scores(int[][] histories) {
    return optimizer.infer(
        m -> {
          NDArray states = states(m, histories);
          NDArray table = block.itemEmbeddings(optimizer.parameters(), states, false);
          return states.matMul(table.get(m, new NDIndex("1:")).transpose()).toFloatArray();
        });
  }

  /** The model state after each history (catalogue indices, oldest first): (rows, dim). */
  public NDArray states(NDManager m, int[][] histories) {
    int length = 1;
    for (int[] h : histories) {
      length = Math.max(length, Math.min(h.length, config.maxLength()));
    }
    long[] ids = new long[histories.length * length];
    for (int r = 0; r < histories.length; r++) {
      int[] h = histories[r];
      int n = Math.min(h.length, config.maxLength());
      for (int t = 0; t < n; t++) {
        ids[r * length + length - n + t] = h[h.length - n + t] + 1L;
      }
    }
    NDArray hidden =
        block
            .forward(
                optimizer.parameters(),
                new NDList(m.create(ids, new Shape(histories.length, length))),
                false)
            .singletonOrThrow();
    return hidden.get(new NDIndex(":, -1, :"));
  }

  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
