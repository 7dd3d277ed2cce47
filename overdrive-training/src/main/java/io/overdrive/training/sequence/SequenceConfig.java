package io.overdrive.training.sequence;

import io.overdrive.training.ModelConfig;
import io.overdrive.training.search.Settings;
import java.util.Map;

/**
 * Hyper-parameters of the sequence model (SASRec-class). {@link #defaults} follow SASRec's
 * MovieLens settings (2 blocks, 1 head, length 200, dropout 0.2) with a 64-wide model and a softmax
 * cross-entropy loss, which reaches better accuracy in fewer epochs than SASRec's binary loss; the
 * trainer's settings search ({@link SequenceSearchSpace}) starts from a rule on the data's shape.
 *
 * @param dim embedding and model width
 * @param maxLength the most recent items a prediction looks at
 * @param ffnDim width of each block's feed-forward layer
 * @param dropout dropout of embeddings, attention and feed-forward outputs
 * @param warmupSteps steps over which the learning rate rises linearly from 0 (0 = none)
 * @param batchSize users per training step
 * @param negatives 0 for a full softmax over the catalogue; otherwise the number of uniformly drawn
 *     negatives shared by the batch (for large catalogues)
 * @param patience validations without improvement before training stops
 * @param labelSmoothing share of the loss's target spread uniformly over the softmax's other
 *     classes (0 = plain cross-entropy, the default; not searched)
 */
public record SequenceConfig(
    int dim,
    int maxLength,
    int blocks,
    int heads,
    int ffnDim,
    float dropout,
    float learningRate,
    int warmupSteps,
    int batchSize,
    int negatives,
    int patience,
    float labelSmoothing)
    implements ModelConfig {

  /** Catalogues up to this size are trained with a full softmax by default. */
  public static final int FULL_SOFTMAX_MAX_ITEMS = 20_000;

  /** Sampled negatives per batch when the softmax is not over the whole catalogue. */
  public static final int SAMPLED_NEGATIVES = 2048;

  public SequenceConfig {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim must be a multiple of heads");
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("labelSmoothing must be in [0, 1)");
    }
  }

  /**
   * The settings before the search existed: SASRec's batch of 128 users, smaller for small data
   * sets so an epoch still makes about 30 updates (ML-100K's 943 users would otherwise give 8 per
   * epoch).
   */
  public static SequenceConfig defaults(int itemCount, int userCount) {
    return new SequenceConfig(
        64,
        200,
        2,
        1,
        64,
        0.2f,
        1e-3f,
        0,
        batchSize(userCount),
        itemCount <= FULL_SOFTMAX_MAX_ITEMS ? 0 : SAMPLED_NEGATIVES,
        10,
        0f);
  }

  static int batchSize(int userCount) {
    return Math.max(32, Math.min(128, userCount / 30));
  }

  /** The settings as the report and manifest name them. */
  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m =
        Settings.of(
            "dim", dim,
            "max_length", maxLength,
            "blocks", blocks,
            "heads", heads,
            "ffn_dim", ffnDim,
            "dropout", dropout,
            "learning_rate", learningRate,
            "warmup_steps", warmupSteps,
            "batch_size", batchSize,
            "negatives", negatives == 0 ? "full" : negatives,
            "patience", patience);
    if (labelSmoothing > 0) {
      m.put("label_smoothing", labelSmoothing); // named only when used: earlier reports unchanged
    }
    return m;
  }

  public SequenceConfig withMaxLength(int n) {
    return toBuilder().maxLength(n).build();
  }

  /** Width of the embeddings and the blocks (the feed-forward layer follows). */
  public SequenceConfig withDim(int d) {
    return toBuilder().dim(d).ffnDim(d).build();
  }

  public SequenceConfig withNegatives(int n) {
    return toBuilder().negatives(n).build();
  }

  public SequenceConfig withDropout(float p) {
    return toBuilder().dropout(p).build();
  }

  /** Learning rate and its linear warm-up. */
  public SequenceConfig withSchedule(float rate, int warmup) {
    return toBuilder().learningRate(rate).warmupSteps(warmup).build();
  }

  /** The number of attention blocks. */
  public SequenceConfig withBlocks(int n) {
    return toBuilder().blocks(n).build();
  }

  /** Attention heads per block (the width must be a multiple). */
  public SequenceConfig withHeads(int n) {
    return toBuilder().heads(n).build();
  }

  public SequenceConfig withLabelSmoothing(float e) {
    return toBuilder().labelSmoothing(e).build();
  }

  public SequenceConfig withBatchSize(int b) {
    return toBuilder().batchSize(b).build();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with some settings changed. */
  static final class Builder {
    private int dim;
    private int maxLength;
    private int blocks;
    private int heads;
    private int ffnDim;
    private float dropout;
    private float learningRate;
    private int warmupSteps;
    private int batchSize;
    private int negatives;
    private final int patience;
    private float labelSmoothing;

    private Builder(SequenceConfig c) {
      dim = c.dim;
      maxLength = c.maxLength;
      blocks = c.blocks;
      heads = c.heads;
      ffnDim = c.ffnDim;
      dropout = c.dropout;
      learningRate = c.learningRate;
      warmupSteps = c.warmupSteps;
      batchSize = c.batchSize;
      negatives = c.negatives;
      patience = c.patience;
      labelSmoothing = c.labelSmoothing;
    }

    Builder labelSmoothing(float v) {
      labelSmoothing = v;
      return this;
    }

    Builder dim(int v) {
      dim = v;
      return this;
    }

    Builder maxLength(int v) {
      maxLength = v;
      return this;
    }

    Builder blocks(int v) {
      blocks = v;
      return this;
    }

    Builder heads(int v) {
      heads = v;
      return this;
    }

    Builder ffnDim(int v) {
      ffnDim = v;
      return this;
    }

    Builder dropout(float v) {
      dropout = v;
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

    Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    Builder negatives(int v) {
      negatives = v;
      return this;
    }

    SequenceConfig build() {
      return new SequenceConfig(
          dim,
          maxLength,
          blocks,
          heads,
          ffnDim,
          dropout,
          learningRate,
          warmupSteps,
          batchSize,
          negatives,
          patience,
          labelSmoothing);
    }
  }
}
