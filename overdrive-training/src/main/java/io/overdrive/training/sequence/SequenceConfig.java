package io.overdrive.training.sequence;

/**
 * Hyper-parameters of the sequence model (SASRec-class). Defaults follow SASRec's MovieLens
 * settings (2 blocks, 1 head, length 200, dropout 0.2) with a 64-wide model and a softmax
 * cross-entropy loss, which reaches better accuracy in fewer epochs than SASRec's binary loss.
 *
 * @param dim embedding and model width
 * @param maxLength the most recent items a prediction looks at
 * @param ffnDim width of each block's feed-forward layer
 * @param dropout dropout of embeddings, attention and feed-forward outputs
 * @param batchSize users per training step
 * @param negatives 0 for a full softmax over the catalogue; otherwise the number of uniformly drawn
 *     negatives shared by the batch (for large catalogues)
 * @param patience validations without improvement before training stops
 */
public record SequenceConfig(
    int dim,
    int maxLength,
    int blocks,
    int heads,
    int ffnDim,
    float dropout,
    float learningRate,
    int batchSize,
    int negatives,
    int patience) {

  /** Catalogues up to this size are trained with a full softmax. */
  public static final int FULL_SOFTMAX_MAX_ITEMS = 20_000;

  public SequenceConfig {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim must be a multiple of heads");
    }
  }

  /**
   * SASRec's batch of 128 users, smaller for small data sets so an epoch still makes about 30
   * updates (ML-100K's 943 users would otherwise give 8 per epoch).
   */
  public static SequenceConfig defaults(int itemCount, int userCount) {
    int batch = Math.max(32, Math.min(128, userCount / 30));
    return new SequenceConfig(
        64, 200, 2, 1, 64, 0.2f, 1e-3f, batch, itemCount <= FULL_SOFTMAX_MAX_ITEMS ? 0 : 2048, 10);
  }

  public SequenceConfig withMaxLength(int n) {
    return new SequenceConfig(
        dim, n, blocks, heads, ffnDim, dropout, learningRate, batchSize, negatives, patience);
  }

  public SequenceConfig withDim(int d) {
    return new SequenceConfig(
        d, maxLength, blocks, heads, d, dropout, learningRate, batchSize, negatives, patience);
  }

  public SequenceConfig withNegatives(int n) {
    return new SequenceConfig(
        dim, maxLength, blocks, heads, ffnDim, dropout, learningRate, batchSize, n, patience);
  }

  public SequenceConfig withDropout(float p) {
    return new SequenceConfig(
        dim, maxLength, blocks, heads, ffnDim, p, learningRate, batchSize, negatives, patience);
  }

  public SequenceConfig withBatchSize(int b) {
    return new SequenceConfig(
        dim, maxLength, blocks, heads, ffnDim, dropout, learningRate, b, negatives, patience);
  }
}
