package io.overdrive.model;

import java.util.Map;

/**
 * Pure-Java inference of the exported sequence model (a SASRec-class causal Transformer with
 * pre-LayerNorm blocks; the trainer's {@code SasRecBlock} computes the same). Given a user's recent
 * items it yields a state vector whose inner product with an item's embedding scores that item as
 * the next one. Thread-safe: the parameters are read-only.
 */
public final class SequenceModel {
  public static final float LAYER_NORM_EPSILON = 1e-5f;

  /** Shape of the network, from the manifest's {@code models.sequence}. */
  public record Settings(int dim, int maxLength, int blocks, int heads, int ffnDim) {
    public Settings {
      if (dim <= 0 || maxLength <= 0 || blocks <= 0 || heads <= 0 || ffnDim <= 0) {
        throw new ModelFormatException("sequence model settings must be positive");
      }
      if (dim % heads != 0) {
        throw new ModelFormatException("sequence model dim must be a multiple of heads");
      }
    }
  }

  private record Block(
      LayerNorm attentionNorm,
      Dense query,
      Dense key,
      Dense value,
      Dense output,
      LayerNorm ffnNorm,
      Dense ffnIn,
      Dense ffnOut) {}

  private final Settings settings;
  private final int itemCount;
  private final float[] itemEmbedding;
  private final float[] positionEmbedding;
  private final Block[] blocks;
  private final LayerNorm finalNorm;
  private final float embeddingScale;

  private SequenceModel(
      Settings settings,
      int itemCount,
      float[] itemEmbedding,
      float[] positionEmbedding,
      Block[] blocks,
      LayerNorm finalNorm) {
    this.settings = settings;
    this.itemCount = itemCount;
    this.itemEmbedding = itemEmbedding;
    this.positionEmbedding = positionEmbedding;
    this.blocks = blocks;
    this.finalNorm = finalNorm;
    this.embeddingScale = (float) Math.sqrt(settings.dim());
  }

  /** Builds the model from its parameter tensors (names in docs/models.md). */
  public static SequenceModel of(Map<String, Tensor> params, Settings s) {
    int d = s.dim();
    Tensor items = ModelFormatException.require(params, "item_embedding", 2);
    Tensor positions = ModelFormatException.require(params, "position_embedding", 2);
    if (items.dim(1) != d || positions.dim(1) != d || positions.dim(0) != s.maxLength()) {
      throw new ModelFormatException("sequence embeddings do not match dim/maxLength");
    }
    Block[] blocks = new Block[s.blocks()];
    for (int b = 0; b < blocks.length; b++) {
      String p = "block" + b + ".";
      blocks[b] =
          new Block(
              LayerNorm.of(params, p + "attention_norm", d, LAYER_NORM_EPSILON),
              Dense.of(params, p + "attention.query"),
              Dense.of(params, p + "attention.key"),
              Dense.of(params, p + "attention.value"),
              Dense.of(params, p + "attention.output"),
              LayerNorm.of(params, p + "ffn_norm", d, LAYER_NORM_EPSILON),
              Dense.of(params, p + "ffn_in"),
              Dense.of(params, p + "ffn_out"));
      if (blocks[b].ffnIn.out != s.ffnDim() || blocks[b].query.out != d) {
        throw new ModelFormatException(p + " layer sizes do not match the settings");
      }
    }
    return new SequenceModel(
        s,
        items.dim(0) - 1,
        items.data(),
        positions.data(),
        blocks,
        LayerNorm.of(params, "final_norm", d, LAYER_NORM_EPSILON));
  }

  public Settings settings() {
    return settings;
  }

  /** Items in the model's vocabulary; item i is line i of item_ids.txt. */
  public int itemCount() {
    return itemCount;
  }

  /**
   * The state after a history of catalogue indices, oldest first (only the last {@code maxLength}
   * count), or null when the history is empty.
   */
  public float[] encode(int[] history) {
    int d = settings.dim();
    int n = Math.min(history.length, settings.maxLength());
    if (n == 0) {
      return null;
    }
    int start = history.length - n;
    int posOffset = settings.maxLength() - n;
    float[] h = new float[n * d];
    for (int t = 0; t < n; t++) {
      int item = history[start + t];
      if (item < 0 || item >= itemCount) {
        throw new IllegalArgumentException("item index " + item + " outside the vocabulary");
      }
      int e = (item + 1) * d;
      int p = (posOffset + t) * d;
      for (int k = 0; k < d; k++) {
        h[t * d + k] = itemEmbedding[e + k] * embeddingScale + positionEmbedding[p + k];
      }
    }
    int heads = settings.heads();
    int headDim = d / heads;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    float[] a = new float[n * d];
    float[] keys = new float[n * d];
    float[] values = new float[n * d];
    float[] q = new float[d];
    float[] o = new float[d];
    float[] proj = new float[d];
    float[] f = new float[d];
    float[] ff = new float[settings.ffnDim()];
    float[] probs = new float[n];
    for (int b = 0; b < blocks.length; b++) {
      Block blk = blocks[b];
      for (int t = 0; t < n; t++) {
        blk.attentionNorm.apply(h, t * d, a, t * d);
        blk.key.apply(a, t * d, keys, t * d);
        blk.value.apply(a, t * d, values, t * d);
      }
      // the last block only matters at the last position: the others feed nothing further
      int firstQuery = b == blocks.length - 1 ? n - 1 : 0;
      float[] updated = b == blocks.length - 1 ? h : h.clone();
      for (int t = firstQuery; t < n; t++) {
        blk.query.apply(a, t * d, q, 0);
        for (int hh = 0; hh < heads; hh++) {
          int off = hh * headDim;
          float max = Float.NEGATIVE_INFINITY;
          for (int s = 0; s <= t; s++) {
            float dot = 0;
            for (int k = 0; k < headDim; k++) {
              dot += q[off + k] * keys[s * d + off + k];
            }
            probs[s] = dot * scale;
            max = Math.max(max, probs[s]);
          }
          double sum = 0;
          for (int s = 0; s <= t; s++) {
            probs[s] = (float) Math.exp(probs[s] - max);
            sum += probs[s];
          }
          for (int k = 0; k < headDim; k++) {
            o[off + k] = 0;
          }
          for (int s = 0; s <= t; s++) {
            float p = (float) (probs[s] / sum);
            for (int k = 0; k < headDim; k++) {
              o[off + k] += p * values[s * d + off + k];
            }
          }
        }
        blk.output.apply(o, 0, proj, 0);
        for (int k = 0; k < d; k++) {
          updated[t * d + k] = h[t * d + k] + proj[k];
        }
        blk.ffnNorm.apply(updated, t * d, f, 0);
        blk.ffnIn.apply(f, 0, ff, 0);
        for (int k = 0; k < ff.length; k++) {
          ff[k] = Math.max(0f, ff[k]);
        }
        blk.ffnOut.apply(ff, 0, proj, 0);
        for (int k = 0; k < d; k++) {
          updated[t * d + k] += proj[k];
        }
      }
      h = updated;
    }
    float[] state = new float[d];
    finalNorm.apply(h, (n - 1) * d, state, 0);
    return state;
  }

  /** Score of catalogue item {@code item} as the next one after {@code state}. */
  public float score(float[] state, int item) {
    int d = settings.dim();
    int e = (item + 1) * d;
    float s = 0;
    for (int k = 0; k < d; k++) {
      s += state[k] * itemEmbedding[e + k];
    }
    return s;
  }

  /** Row {@code item + 1} of the item embedding table (row 0 is padding). */
  public float[] itemEmbedding(int item) {
    int d = settings.dim();
    float[] out = new float[d];
    System.arraycopy(itemEmbedding, (item + 1) * d, out, 0, d);
    return out;
  }
}
