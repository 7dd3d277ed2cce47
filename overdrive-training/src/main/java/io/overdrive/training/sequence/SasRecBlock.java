package io.overdrive.training.sequence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A causal self-attention next-item model in the SASRec family (Kang and McAuley 2018), with
 * pre-LayerNorm blocks: {@code h += Attention(LN(h)); h += FFN(LN(h))}, then a final LayerNorm.
 * Attention is DJL's {@link ScaledDotProductAttentionBlock} under a causal mask that also hides
 * padding; DJL's own TransformerEncoderBlock is post-norm with BatchNorm, which suits neither short
 * batches nor the padding of sequences.
 *
 * <p>Input: item indices {@code (B, T)}, left-padded with 0 (item {@code i} of the catalogue is
 * {@code i + 1}), so the last column is each user's most recent item. Output: hidden states {@code
 * (B, T, dim)}; the score of item {@code i} after position t is {@code h_t . E[i + 1]} (input and
 * output embeddings are shared). The item at column c gets position embedding {@code maxLength - T
 * + c}: the most recent item always has the last position, as in SASRec.
 */
public final class SasRecBlock extends AbstractBlock {
  private final SequenceConfig config;
  private final int itemCount;
  private final Parameter itemEmbedding;
  private final Parameter positionEmbedding;
  private final Dropout embeddingDropout;
  private final List<Layer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;

  private record Layer(
      LayerNorm attentionNorm,
      ScaledDotProductAttentionBlock attention,
      Dropout attentionDropout,
      LayerNorm ffnNorm,
      Linear ffnIn,
      Linear ffnOut,
      Dropout ffnDropout) {}

  public SasRecBlock(SequenceConfig config, int itemCount) {
    this.config = config;
    this.itemCount = itemCount;
    itemEmbedding =
        addParameter(
            Parameter.builder()
                .setName("item_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(itemCount + 1L, config.dim()))
                .optInitializer(new NormalInitializer(0.05f))
                .build());
    positionEmbedding =
        addParameter(
            Parameter.builder()
                .setName("position_embedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxLength(), config.dim()))
                .optInitializer(new NormalInitializer(0.05f))
                .build());
    embeddingDropout =
        addChildBlock("embedding_dropout", Dropout.builder().optRate(config.dropout()).build());
    for (int b = 0; b < config.blocks(); b++) {
      String p = "block" + b + "_";
      layers.add(
          new Layer(
              addChildBlock(p + "attention_norm", layerNorm()),
              addChildBlock(
                  p + "attention",
                  ScaledDotProductAttentionBlock.builder()
                      .setEmbeddingSize(config.dim())
                      .setHeadCount(config.heads())
                      .optAttentionProbsDropoutProb(config.dropout())
                      .build()),
              addChildBlock(
                  p + "attention_dropout", Dropout.builder().optRate(config.dropout()).build()),
              addChildBlock(p + "ffn_norm", layerNorm()),
              addChildBlock(p + "ffn_in", Linear.builder().setUnits(config.ffnDim()).build()),
              addChildBlock(p + "ffn_out", Linear.builder().setUnits(config.dim()).build()),
              addChildBlock(
                  p + "ffn_dropout", Dropout.builder().optRate(config.dropout()).build())));
    }
    finalNorm = addChildBlock("final_norm", layerNorm());
  }

  private static LayerNorm layerNorm() {
    return LayerNorm.builder()
        .optEpsilon(io.overdrive.model.SequenceModel.LAYER_NORM_EPSILON)
        .build();
  }

  public SequenceConfig config() {
    return config;
  }

  public int itemCount() {
    return itemCount;
  }

  /** The (itemCount + 1, dim) item embedding table as the store holds it (row 0 = padding). */
  public NDArray itemEmbeddings(ParameterStore ps, NDArray like, boolean training) {
    return ps.getValue(itemEmbedding, like.getDevice(), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    long batch = ids.getShape().get(0);
    long length = ids.getShape().get(1);
    int dim = config.dim();
    NDManager m = ids.getManager();
    NDArray items = ps.getValue(itemEmbedding, ids.getDevice(), training);
    NDArray positions = ps.getValue(positionEmbedding, ids.getDevice(), training);
    NDArray valid = ids.gt(0).toType(DataType.FLOAT32, false); // (B, T)
    NDArray timeline = valid.expandDims(2); // (B, T, 1)
    // The scale is an array of the step's manager, never a Number: DJL's mul(Number) wraps the
    // number in an array over a Java direct buffer and closes it at once, but the autograd graph
    // keeps it for the backward pass; once the collector frees the buffer the backward pass reads
    // freed memory, whatever was written there since. That made two runs of the same seed differ
    // at a step where a collection fell between forward and backward (decision 0406).
    NDArray h =
        Embedding.embedding(ids, items, SparseFormat.DENSE)
            .singletonOrThrow()
            .mul(m.create((float) Math.sqrt(dim)))
            .add(positions.get(m, new NDIndex((config.maxLength() - length) + ":")));
    h = embeddingDropout.forward(ps, new NDList(h), training).singletonOrThrow().mul(timeline);
    // mask[b, t, s] = 1 when position t may attend to s: s <= t and s is an item, not padding
    NDArray causal = causalMask(m, length).toDevice(ids.getDevice(), false);
    NDArray mask = causal.mul(valid.reshape(batch, 1, length));
    for (Layer l : layers) {
      NDArray a = l.attentionNorm.forward(ps, new NDList(h), training).singletonOrThrow();
      NDArray attended =
          l.attention.forward(ps, new NDList(a, a, a, mask), training).singletonOrThrow();
      h = h.add(l.attentionDropout.forward(ps, new NDList(attended), training).singletonOrThrow());
      NDArray f = l.ffnNorm.forward(ps, new NDList(h), training).singletonOrThrow();
      f =
          l.ffnIn
              .forward(ps, new NDList(f), training)
              .singletonOrThrow()
              .getNDArrayInternal()
              .relu();
      f = l.ffnOut.forward(ps, new NDList(f), training).singletonOrThrow();
      h = h.add(l.ffnDropout.forward(ps, new NDList(f), training).singletonOrThrow()).mul(timeline);
    }
    h = finalNorm.forward(ps, new NDList(h), training).singletonOrThrow();
    return new NDList(h);
  }

  private static NDArray causalMask(NDManager m, long length) {
    int n = (int) length;
    float[] mask = new float[n * n];
    for (int t = 0; t < n; t++) {
      for (int s = 0; s <= t; s++) {
        mask[t * n + s] = 1f;
      }
    }
    return m.create(mask, new Shape(1, n, n));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), config.dim())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape row = new Shape(1, config.dim());
    embeddingDropout.initialize(manager, dataType, row);
    for (Layer l : layers) {
      l.attentionNorm.initialize(manager, dataType, row);
      l.attention.initialize(manager, dataType, new Shape(1, 1, config.dim()));
      l.attentionDropout.initialize(manager, dataType, row);
      l.ffnNorm.initialize(manager, dataType, row);
      l.ffnIn.initialize(manager, dataType, row);
      l.ffnOut.initialize(manager, dataType, new Shape(1, config.ffnDim()));
      l.ffnDropout.initialize(manager, dataType, row);
    }
    finalNorm.initialize(manager, dataType, row);
  }

  /**
   * The parameters under the names of the exported format (docs/models.md); Linear weights are
   * (out, in) as DJL stores them.
   */
  public Map<String, NDArray> namedParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("item_embedding", itemEmbedding.getArray());
    out.put("position_embedding", positionEmbedding.getArray());
    for (int b = 0; b < layers.size(); b++) {
      Layer l = layers.get(b);
      String p = "block" + b + ".";
      norm(out, p + "attention_norm", l.attentionNorm);
      linear(out, p + "attention.query", l.attention.getQueryProjection());
      linear(out, p + "attention.key", l.attention.getKeyProjection());
      linear(out, p + "attention.value", l.attention.getValueProjection());
      linear(out, p + "attention.output", l.attention.getResultProjection());
      norm(out, p + "ffn_norm", l.ffnNorm);
      linear(out, p + "ffn_in", l.ffnIn);
      linear(out, p + "ffn_out", l.ffnOut);
    }
    norm(out, "final_norm", finalNorm);
    return out;
  }

  private static void linear(Map<String, NDArray> out, String name, Linear l) {
    out.put(name + ".weight", l.getParameters().get("weight").getArray());
    out.put(name + ".bias", l.getParameters().get("bias").getArray());
  }

  private static void norm(Map<String, NDArray> out, String name, LayerNorm n) {
    out.put(name + ".gamma", n.getParameters().get("gamma").getArray());
    out.put(name + ".beta", n.getParameters().get("beta").getArray());
  }
}
