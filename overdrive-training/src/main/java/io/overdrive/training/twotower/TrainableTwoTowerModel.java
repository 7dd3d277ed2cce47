package io.overdrive.training.twotower;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.WeightedTokens;
import io.overdrive.training.BlockOptimizer;
import io.overdrive.training.TrainableModel;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.UserScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The two-tower model as the trainer sees it: the {@link TwoTowerBlock}, its optimiser, its batches
 * and its scorer. It learns "what did the user engage with next": one example per point of each
 * training sequence (the user as they were just before, the item that followed). The loss is a
 * sampled softmax over the batch's items plus uniformly drawn catalogue items, with the logQ
 * correction of Yi et al. (2019) so popular items are not under-scored for appearing often as
 * negatives (an item that is the row's own target elsewhere in the batch is then not a negative);
 * or, the search's alternative, a softmax over the whole catalogue.
 */
public final class TrainableTwoTowerModel implements TrainableModel {
  private final LeaveOneOutSplit split;
  private final TwoTowerConfig config;
  private final TwoTowerInputs inputs;
  private final TwoTowerBlock block;
  private final BlockOptimizer optimizer;
  private final long[] examples;
  private final float[] logTargetShare;
  private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

  /**
   * A training batch: (user, end) examples, their targets, the uniform negatives and the seed of
   * its step's id dropout.
   */
  record TwoTowerBatch(long[] userPoints, int[] negatives, long seed) implements Batch {
    @Override
    public long examples() {
      return userPoints.length;
    }
  }

  /**
   * @param seed the seed of the parameters' initialisation
   */
  public TrainableTwoTowerModel(
      LeaveOneOutSplit split,
      TwoTowerConfig config,
      InterestTaxonomy taxonomy,
      Device device,
      long seed) {
    this(new TwoTowerInputs(split, config, taxonomy), config, device, seed);
  }

  /**
   * @param inputs the data's features, shared by models whose hashing settings are the same (the
   *     settings search's candidates)
   * @param seed the seed of the parameters' initialisation (the settings search gives every
   *     candidate the same)
   */
  public TrainableTwoTowerModel(
      TwoTowerInputs inputs, TwoTowerConfig config, Device device, long seed) {
    if (!inputs.hashesLike(config)) {
      throw new IllegalArgumentException("inputs were hashed with other bucket counts");
    }
    this.split = inputs.split();
    this.config = config;
    this.inputs = inputs;
    this.block = new TwoTowerBlock(config);
    this.optimizer =
        new BlockOptimizer(
            block,
            device,
            config.learningRate(),
            config.warmupSteps(),
            seed,
            new Shape(1),
            new Shape(1),
            new Shape(1, 1),
            new Shape(1, 1),
            new Shape(1, 1),
            new Shape(1, 1),
            new Shape(1, 1),
            new Shape(1),
            new Shape(1),
            new Shape(1, 1),
            new Shape(1, 1));
    List<Long> ex = new ArrayList<>();
    for (int u = 0; u < split.userCount(); u++) {
      int n = split.train(u).length;
      for (int t = 0; t < n; t++) {
        ex.add(((long) u << 32) | t);
      }
    }
    examples = ex.stream().mapToLong(Long::longValue).toArray();
    long[] counts = inputs.trainCounts();
    logTargetShare = new float[split.itemCount()];
    for (int i = 0; i < counts.length; i++) {
      logTargetShare[i] = (float) Math.log(Math.max(counts[i], 0.5) / Math.max(examples.length, 1));
    }
  }

  @Override
  public TwoTowerConfig config() {
    return config;
  }

  public TwoTowerBlock block() {
    return block;
  }

  public TwoTowerInputs inputs() {
    return inputs;
  }

  @Override
  public String name() {
    return "two-tower";
  }

  @Override
  public BlockOptimizer optimizer() {
    return optimizer;
  }

  @Override
  public List<TwoTowerBatch> epoch(SplittableRandom random) {
    long[] order = examples.clone();
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<TwoTowerBatch> batches = new ArrayList<>();
    for (int start = 0; start < order.length; start += config.batchSize()) {
      long[] b =
          java.util.Arrays.copyOfRange(
              order, start, Math.min(order.length, start + config.batchSize()));
      int[] negatives = new int[config.negatives()];
      for (int k = 0; k < negatives.length; k++) {
        negatives[k] = random.nextInt(split.itemCount());
      }
      batches.add(new TwoTowerBatch(b, negatives, random.nextLong()));
    }
    return batches;
  }

  @Override
  public float step(Batch b) {
    TwoTowerBatch batch = (TwoTowerBatch) b;
    return optimizer.step(batch.seed(), m -> loss(m, batch));
  }

  private NDArray loss(NDManager m, TwoTowerBatch batch) {
    return config.negatives() == 0 ? fullLoss(m, batch) : sampledLoss(m, batch);
  }

  /** Softmax over every catalogue item: exact, and cheaper than sampling for small catalogues. */
  private NDArray fullLoss(NDManager m, TwoTowerBatch batch) {
    SplittableRandom rnd = new SplittableRandom(batch.seed());
    int rows = batch.userPoints.length;
    TwoTowerInputs.UserInput[] userInputs = new TwoTowerInputs.UserInput[rows];
    long[] labels = new long[rows];
    for (int r = 0; r < rows; r++) {
      int u = (int) (batch.userPoints[r] >>> 32);
      int t = (int) batch.userPoints[r];
      userInputs[r] = inputs.trainingPoint(u, t);
      labels[r] = split.train(u)[t];
    }
    int[] all = new int[split.itemCount()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    NDArray userVectors = userVectors(m, userInputs, rnd, config.idDropout());
    NDArray itemVectors = itemVectors(m, all, rnd, config.idDropout());
    NDArray logits = logits(m, userVectors, itemVectors, config.temperature());
    return crossEntropy.evaluate(new NDList(m.create(labels)), new NDList(logits));
  }

  /**
   * Every user's cosine score with every item, over the temperature: (users, items). The
   * temperature is an array of the step's manager {@code m}, never a Number: DJL's div(Number)
   * closes the array it wraps the number in at once, while the backward pass still reads it (see
   * SasRecBlock's scale; {@code TwoTowerLogitsBackwardTest}).
   */
  static NDArray logits(NDManager m, NDArray users, NDArray items, float temperature) {
    return users.matMul(items.transpose()).div(m.create(temperature));
  }

  private NDArray sampledLoss(NDManager m, TwoTowerBatch batch) {
    SplittableRandom rnd = new SplittableRandom(batch.seed());
    int rows = batch.userPoints.length;
    TwoTowerInputs.UserInput[] userInputs = new TwoTowerInputs.UserInput[rows];
    int[] columns = new int[rows + batch.negatives.length];
    for (int r = 0; r < rows; r++) {
      int u = (int) (batch.userPoints[r] >>> 32);
      int t = (int) batch.userPoints[r];
      userInputs[r] = inputs.trainingPoint(u, t);
      columns[r] = split.train(u)[t];
    }
    System.arraycopy(batch.negatives, 0, columns, rows, batch.negatives.length);
    NDArray userVectors = userVectors(m, userInputs, rnd, config.idDropout());
    NDArray itemVectors = itemVectors(m, columns, rnd, config.idDropout());
    // expected times each column's item is in the candidate set: B * p(i) in-batch + M / N uniform
    float uniform = (float) batch.negatives.length / split.itemCount();
    float[] logQ = new float[columns.length];
    for (int c = 0; c < columns.length; c++) {
      logQ[c] = (float) Math.log(rows * Math.exp(logTargetShare[columns[c]]) + uniform);
    }
    NDArray logits = logits(m, userVectors, itemVectors, config.temperature()).sub(m.create(logQ));
    long[] targets = new long[rows];
    long[] cols = new long[columns.length];
    for (int r = 0; r < rows; r++) {
      targets[r] = columns[r];
    }
    for (int c = 0; c < columns.length; c++) {
      cols[c] = columns[c];
    }
    NDArray sameItem =
        m.create(targets)
            .reshape(rows, 1)
            .eq(m.create(cols).reshape(1, columns.length))
            .toType(DataType.FLOAT32, false)
            .sub(m.eye(rows, columns.length, 0, DataType.FLOAT32));
    logits = logits.sub(sameItem.mul(1e9f));
    long[] labels = new long[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r;
    }
    return crossEntropy.evaluate(new NDList(m.create(labels)), new NDList(logits));
  }

  /** User vectors (rows, dim); ids dropped with probability {@code dropout}. */
  NDArray userVectors(
      NDManager m, TwoTowerInputs.UserInput[] in, SplittableRandom rnd, float dropout) {
    int rows = in.length;
    int tokenWidth = 1;
    int historyWidth = 1;
    for (TwoTowerInputs.UserInput u : in) {
      tokenWidth = Math.max(tokenWidth, u.tokens().size());
      historyWidth = Math.max(historyWidth, u.history().buckets().length);
    }
    long[] bucket = new long[rows];
    float[] idWeight = new float[rows];
    long[] tokens = new long[rows * tokenWidth];
    float[] tokenWeights = new float[rows * tokenWidth];
    long[] history = new long[rows * historyWidth];
    float[] mean = new float[rows * historyWidth];
    float[] recency = new float[rows * historyWidth];
    for (int r = 0; r < rows; r++) {
      TwoTowerInputs.UserInput u = in[r];
      bucket[r] = u.bucket();
      idWeight[r] = dropout > 0 && rnd.nextDouble() < dropout ? 0f : 1f;
      for (int k = 0; k < u.tokens().size(); k++) {
        tokens[r * tokenWidth + k] = u.tokens().ids()[k];
        tokenWeights[r * tokenWidth + k] = u.tokens().weights()[k];
      }
      var h = u.history();
      for (int k = 0; k < h.buckets().length; k++) {
        history[r * historyWidth + k] = h.buckets()[k];
        mean[r * historyWidth + k] = h.meanWeights()[k];
        recency[r * historyWidth + k] = h.recencyWeights()[k];
      }
    }
    return block.users(
        optimizer.parameters(),
        m.create(bucket),
        m.create(idWeight),
        m.create(tokens, new Shape(rows, tokenWidth)),
        m.create(tokenWeights, new Shape(rows, tokenWidth)),
        m.create(history, new Shape(rows, historyWidth)),
        m.create(mean, new Shape(rows, historyWidth)),
        m.create(recency, new Shape(rows, historyWidth)),
        dropout > 0);
  }

  /** Item vectors (items, dim) of catalogue items; ids dropped with probability {@code dropout}. */
  NDArray itemVectors(NDManager m, int[] items, SplittableRandom rnd, float dropout) {
    int rows = items.length;
    int width = 1;
    for (int i : items) {
      width = Math.max(width, inputs.itemContent(i).size());
    }
    long[] bucket = new long[rows];
    float[] idWeight = new float[rows];
    long[] tokens = new long[rows * width];
    float[] weights = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      bucket[r] = inputs.itemBucket(items[r]);
      idWeight[r] = dropout > 0 && rnd.nextDouble() < dropout ? 0f : 1f;
      WeightedTokens content = inputs.itemContent(items[r]);
      for (int k = 0; k < content.size(); k++) {
        tokens[r * width + k] = content.ids()[k];
        weights[r * width + k] = content.weights()[k];
      }
    }
    return block.items(
        optimizer.parameters(),
        m.create(bucket),
        m.create(idWeight),
        m.create(tokens, new Shape(rows, width)),
        m.create(weights, new Shape(rows, width)),
        dropout > 0);
  }

  /** Every catalogue item's vector with its id: (items, dim), as float rows. */
  public float[] allItemVectors() {
    int n = split.itemCount();
    int dim = config.dim();
    float[] out = new float[n * dim];
    int chunk = 4096;
    for (int start = 0; start < n; start += chunk) {
      int count = Math.min(chunk, n - start);
      int[] items = new int[count];
      for (int k = 0; k < count; k++) {
        items[k] = start + k;
      }
      int offset = start * dim;
      optimizer.infer(
          m -> {
            float[] v = itemVectors(m, items, null, 0f).toFloatArray();
            System.arraycopy(v, 0, out, offset, v.length);
            return null;
          });
    }
    return out;
  }

  /** User vectors for the users' inputs of the phase, as float rows. */
  public float[] userVectors(int[] users, Phase phase) {
    TwoTowerInputs.UserInput[] in = new TwoTowerInputs.UserInput[users.length];
    for (int k = 0; k < users.length; k++) {
      int[] seq = split.input(users[k], phase);
      in[k] = inputs.user(users[k], seq, seq.length);
    }
    return optimizer.infer(m -> userVectors(m, in, null, 0f).toFloatArray());
  }

  @Override
  public UserScorer scorer() {
    float[][] itemCache = new float[1][];
    return (users, phase, out) -> {
      if (itemCache[0] == null) {
        itemCache[0] = allItemVectors();
      }
      float[] itemVectors = itemCache[0];
      float[] userVectors = userVectors(users, phase);
      int dim = config.dim();
      int n = split.itemCount();
      for (int k = 0; k < users.length; k++) {
        float[] row = out[k];
        int uo = k * dim;
        for (int i = 0; i < n; i++) {
          int io = i * dim;
          float s = 0;
          for (int j = 0; j < dim; j++) {
            s += userVectors[uo + j] * itemVectors[io + j];
          }
          row[i] = s;
        }
      }
    };
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
