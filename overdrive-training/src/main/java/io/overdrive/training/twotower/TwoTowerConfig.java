package io.overdrive.training.twotower;

import io.overdrive.training.ModelConfig;
import io.overdrive.training.search.Settings;
import java.util.Map;

/**
 * Hyper-parameters of the two-tower model.
 *
 * @param dim output (and embedding) width
 * @param hidden width of each tower's hidden layer
 * @param tokenBuckets hashed content/interest tokens
 * @param itemBuckets hashed item ids (history and item-id embeddings)
 * @param userBuckets hashed user ids
 * @param temperature softmax temperature of the cosine scores
 * @param warmupSteps steps over which the learning rate rises linearly from 0 (0 = none)
 * @param batchSize examples per step (and in-batch negatives)
 * @param negatives 0 for a softmax over the whole catalogue; otherwise the batch's items plus this
 *     many drawn uniformly from the catalogue per step, with the logQ correction
 * @param idDropout share of items (and users) trained without their id embedding, so the towers
 *     also work from content alone (new items)
 * @param patience validations without improvement before training stops
 */
public record TwoTowerConfig(
    int dim,
    int hidden,
    int tokenBuckets,
    int itemBuckets,
    int userBuckets,
    float temperature,
    float learningRate,
    int warmupSteps,
    int batchSize,
    int negatives,
    float idDropout,
    int patience)
    implements ModelConfig {

  /** Uniform negatives per step when the softmax is not over the whole catalogue. */
  public static final int SAMPLED_NEGATIVES = 1024;

  /** The settings before the search existed. */
  public static TwoTowerConfig defaults(int items, int users) {
    return new TwoTowerConfig(
        64,
        128,
        1 << 14,
        buckets(items),
        buckets(users),
        0.05f,
        1e-3f,
        0,
        1024,
        Math.min(items, SAMPLED_NEGATIVES),
        0.1f,
        4);
  }

  /** Twice the count, as a power of two in [1024, 2^18]: few collisions, bounded size. */
  static int buckets(int count) {
    int n = Integer.highestOneBit(Math.max(1, 2 * count - 1)) << 1;
    return Math.max(1 << 10, Math.min(1 << 18, n));
  }

  /** The settings as the report and manifest name them. */
  @Override
  public Map<String, Object> settings() {
    return Settings.of(
        "dim", dim,
        "hidden", hidden,
        "token_buckets", tokenBuckets,
        "item_buckets", itemBuckets,
        "user_buckets", userBuckets,
        "temperature", temperature,
        "learning_rate", learningRate,
        "warmup_steps", warmupSteps,
        "batch_size", batchSize,
        "negatives", negatives == 0 ? "full" : negatives,
        "id_dropout", idDropout,
        "patience", patience);
  }

  /** Output width; the hidden layers are twice as wide. */
  public TwoTowerConfig withDim(int d) {
    return toBuilder().dim(d).hidden(2 * d).build();
  }

  public TwoTowerConfig withTemperature(float t) {
    return toBuilder().temperature(t).build();
  }

  /** Learning rate and its linear warm-up. */
  public TwoTowerConfig withSchedule(float rate, int warmup) {
    return toBuilder().learningRate(rate).warmupSteps(warmup).build();
  }

  public TwoTowerConfig withNegatives(int n) {
    return toBuilder().negatives(n).build();
  }

  public TwoTowerConfig withIdDropout(float p) {
    return toBuilder().idDropout(p).build();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with some settings changed. */
  static final class Builder {
    private int dim;
    private int hidden;
    private final int tokenBuckets;
    private final int itemBuckets;
    private final int userBuckets;
    private float temperature;
    private float learningRate;
    private int warmupSteps;
    private final int batchSize;
    private int negatives;
    private float idDropout;
    private final int patience;

    private Builder(TwoTowerConfig c) {
      dim = c.dim;
      hidden = c.hidden;
      tokenBuckets = c.tokenBuckets;
      itemBuckets = c.itemBuckets;
      userBuckets = c.userBuckets;
      temperature = c.temperature;
      learningRate = c.learningRate;
      warmupSteps = c.warmupSteps;
      batchSize = c.batchSize;
      negatives = c.negatives;
      idDropout = c.idDropout;
      patience = c.patience;
    }

    Builder dim(int v) {
      dim = v;
      return this;
    }

    Builder hidden(int v) {
      hidden = v;
      return this;
    }

    Builder temperature(float v) {
      temperature = v;
      return this;
    }

    Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    Builder warmupSteps(int v) {
      warmupSteps = v;
      return this;
    }

    Builder negatives(int v) {
      negatives = v;
      return this;
    }

    Builder idDropout(float v) {
      idDropout = v;
      return this;
    }

    TwoTowerConfig build() {
      return new TwoTowerConfig(
          dim,
          hidden,
          tokenBuckets,
          itemBuckets,
          userBuckets,
          temperature,
          learningRate,
          warmupSteps,
          batchSize,
          negatives,
          idDropout,
          patience);
    }
  }
}
