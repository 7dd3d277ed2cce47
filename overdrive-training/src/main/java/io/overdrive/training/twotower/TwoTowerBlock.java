package io.overdrive.training.twotower;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.overdrive.model.TwoTowerModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two-tower retrieval model (YouTube DNN / "sampling-bias-corrected" two-tower, Yi et al.
 * 2019): a user tower over a hashed user id, interest tokens and pooled recent history, an item
 * tower over hashed content tokens and a hashed item id, both ending in L2-normalised vectors. The
 * pure-Java {@link TwoTowerModel} computes the same from the exported parameters.
 *
 * <p>Inputs ({@link #forward}): user bucket (B), user-id weight (B), user tokens (B, Ku) and
 * weights, history buckets (B, H) with mean and recency weights, then item bucket (C), item-id
 * weight (C), item tokens (C, Kt) and weights. An id weight of 0 leaves the id out: training drops
 * ids at random so the towers also work from content and behaviour alone; serving uses weight 1
 * (and 0 for an item the model never saw). Outputs: user vectors (B, dim), item vectors (C, dim).
 */
public final class TwoTowerBlock extends AbstractBlock {
  private final TwoTowerConfig config;
  private final Parameter tokens;
  private final Parameter userIds;
  private final Parameter history;
  private final Parameter itemIds;
  private final Linear userHidden;
  private final Linear userOutput;
  private final Linear itemHidden;
  private final Linear itemOutput;

  public TwoTowerBlock(TwoTowerConfig config) {
    this.config = config;
    tokens = table("tokens", config.tokenBuckets());
    userIds = table("user_id_embedding", config.userBuckets());
    history = table("history_embedding", config.itemBuckets());
    itemIds = table("item_id_embedding", config.itemBuckets());
    userHidden = addChildBlock("user_hidden", Linear.builder().setUnits(config.hidden()).build());
    userOutput = addChildBlock("user_output", Linear.builder().setUnits(config.dim()).build());
    itemHidden = addChildBlock("item_hidden", Linear.builder().setUnits(config.hidden()).build());
    itemOutput = addChildBlock("item_output", Linear.builder().setUnits(config.dim()).build());
  }

  private Parameter table(String name, int rows) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(Parameter.Type.WEIGHT)
            .optShape(new Shape(rows, config.dim()))
            .optInitializer(new NormalInitializer(0.1f))
            .build());
  }

  public TwoTowerConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    NDArray users =
        users(
            ps, in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5), in.get(6),
            training);
    NDArray items = items(ps, in.get(7), in.get(8), in.get(9), in.get(10), training);
    return new NDList(users, items);
  }

  /** User vectors (B, dim), L2-normalised. */
  public NDArray users(
      ParameterStore ps,
      NDArray userBucket,
      NDArray idWeight,
      NDArray tokenIds,
      NDArray tokenWeights,
      NDArray historyIds,
      NDArray historyMean,
      NDArray historyRecency,
      boolean training) {
    NDArray id =
        lookup(userBucket, ps.getValue(userIds, userBucket.getDevice(), training))
            .mul(idWeight.expandDims(1));
    NDArray interests = bag(tokenIds, tokenWeights, value(ps, tokens, tokenIds, training));
    NDArray historyTable = value(ps, history, historyIds, training);
    NDArray mean = bag(historyIds, historyMean, historyTable);
    NDArray recent = bag(historyIds, historyRecency, historyTable);
    NDArray x = id.concat(interests, 1).concat(mean, 1).concat(recent, 1);
    return tower(ps, x, userHidden, userOutput, training);
  }

  /** Item vectors (C, dim), L2-normalised; an id weight of 0 leaves the id out (a new item). */
  public NDArray items(
      ParameterStore ps,
      NDArray itemBucket,
      NDArray idWeight,
      NDArray tokenIds,
      NDArray tokenWeights,
      boolean training) {
    NDArray content = bag(tokenIds, tokenWeights, value(ps, tokens, tokenIds, training));
    NDArray id =
        lookup(itemBucket, ps.getValue(itemIds, itemBucket.getDevice(), training))
            .mul(idWeight.expandDims(1));
    return tower(ps, content.concat(id, 1), itemHidden, itemOutput, training);
  }

  private static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
    return ps.getValue(p, like.getDevice(), training);
  }

  private static NDArray lookup(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** {@code sum_k w[:, k] * table[ids[:, k]]}: (B, K) ids and weights -> (B, dim). */
  private static NDArray bag(NDArray ids, NDArray weights, NDArray table) {
    return lookup(ids, table).mul(weights.expandDims(2)).sum(new int[] {1});
  }

  private static NDArray tower(
      ParameterStore ps, NDArray x, Linear hidden, Linear output, boolean training) {
    NDArray h = hidden.forward(ps, new NDList(x), training).singletonOrThrow();
    h = h.getNDArrayInternal().relu();
    NDArray out = output.forward(ps, new NDList(h), training).singletonOrThrow();
    NDArray norm = out.square().sum(new int[] {1}, true).add(TwoTowerModel.NORM_EPSILON).sqrt();
    return out.div(norm);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {
      new Shape(inputShapes[0].get(0), config.dim()), new Shape(inputShapes[7].get(0), config.dim())
    };
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    userHidden.initialize(manager, dataType, new Shape(1, 4L * config.dim()));
    userOutput.initialize(manager, dataType, new Shape(1, config.hidden()));
    itemHidden.initialize(manager, dataType, new Shape(1, 2L * config.dim()));
    itemOutput.initialize(manager, dataType, new Shape(1, config.hidden()));
  }

  /** The parameters under the names of the exported format (docs/models.md). */
  public Map<String, NDArray> namedParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    out.put("tokens", tokens.getArray());
    out.put("user.id_embedding", userIds.getArray());
    out.put("user.history_embedding", history.getArray());
    out.put("item.id_embedding", itemIds.getArray());
    linear(out, "user.hidden", userHidden);
    linear(out, "user.output", userOutput);
    linear(out, "item.hidden", itemHidden);
    linear(out, "item.output", itemOutput);
    return out;
  }

  private static void linear(Map<String, NDArray> out, String name, Linear l) {
    out.put(name + ".weight", l.getParameters().get("weight").getArray());
    out.put(name + ".bias", l.getParameters().get("bias").getArray());
  }
}
