package io.overdrive.training.twotower;

/**
 * Hyper-parameters of the two-tower model.
 *
 * @param dim output (and embedding) width
 * @param hidden width of each tower's hidden layer
 * @param tokenBuckets hashed content/interest tokens
 * @param itemBuckets hashed item ids (history and item-id embeddings)
 * @param userBuckets hashed user ids
 * @param temperature softmax temperature of the cosine scores
 * @param batchSize examples per step (and in-batch negatives)
 * @param uniformNegatives extra negatives drawn uniformly from the catalogue per step
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
    int batchSize,
    int uniformNegatives,
    float idDropout,
    int patience) {

  public static TwoTowerConfig defaults(int items, int users) {
    return new TwoTowerConfig(
        64,
        128,
        1 << 14,
        buckets(items),
        buckets(users),
        0.05f,
        1e-3f,
        1024,
        Math.min(items, 1024),
        0.1f,
        4);
  }

  /** Twice the count, as a power of two in [1024, 2^18]: few collisions, bounded size. */
  static int buckets(int count) {
    int n = Integer.highestOneBit(Math.max(1, 2 * count - 1)) << 1;
    return Math.max(1 << 10, Math.min(1 << 18, n));
  }

  public TwoTowerConfig withBatchSize(int b) {
    return new TwoTowerConfig(
        dim,
        hidden,
        tokenBuckets,
        itemBuckets,
        userBuckets,
        temperature,
        learningRate,
        b,
        uniformNegatives,
        idDropout,
        patience);
  }

  public TwoTowerConfig withTemperature(float t) {
    return new TwoTowerConfig(
        dim,
        hidden,
        tokenBuckets,
        itemBuckets,
        userBuckets,
        t,
        learningRate,
        batchSize,
        uniformNegatives,
        idDropout,
        patience);
  }
}
