package io.overdrive.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes small model versions with random parameters in the exported layout, without DJL: for tests
 * of everything that reads a model directory (registry, scorers, the API, the serving node).
 */
public final class ModelFixtures {
  public static final TwoTowerModel.Settings TWO_TOWER =
      new TwoTowerModel.Settings(8, 12, 256, 64, 64, 0.05f);
  public static final SequenceModel.Settings SEQUENCE = new SequenceModel.Settings(8, 10, 2, 2, 8);

  private ModelFixtures() {}

  /** Writes version {@code version} with both models for the items, and publishes it. */
  public static LoadedModel publish(Path root, String version, List<String> itemIds, long seed) {
    write(root, version, itemIds, seed, true, true);
    try {
      ModelDirectory.publish(root, version);
      return LoadedModel.load(root.resolve(version));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a version directory (not published). */
  public static Path write(
      Path root,
      String version,
      List<String> itemIds,
      long seed,
      boolean twoTower,
      boolean sequence) {
    try {
      Random rnd = new Random(seed);
      Path dir = root.resolve(version);
      Files.createDirectories(dir);
      ModelDirectory.writeItemIds(dir.resolve(ModelDirectory.ITEM_IDS), itemIds);
      ObjectNode manifest = ModelManifest.mapper().createObjectNode();
      manifest.put("format_version", ModelManifest.FORMAT_VERSION);
      manifest.put("version", version);
      manifest.put("created_at", "2026-11-27T00:00:00Z");
      manifest.put("data_fingerprint", "fixture" + seed);
      manifest.put("item_count", itemIds.size());
      manifest.putArray("metrics");
      ObjectNode models = manifest.putObject("models");
      if (twoTower) {
        TwoTowerModel.Settings s = TWO_TOWER;
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("tokens", random(rnd, s.tokenBuckets(), s.dim()));
        p.put("user.id_embedding", random(rnd, s.userBuckets(), s.dim()));
        p.put("user.history_embedding", random(rnd, s.itemBuckets(), s.dim()));
        p.put("item.id_embedding", random(rnd, s.itemBuckets(), s.dim()));
        dense(p, rnd, "user.hidden", s.hidden(), 4 * s.dim());
        dense(p, rnd, "user.output", s.dim(), s.hidden());
        dense(p, rnd, "item.hidden", s.hidden(), 2 * s.dim());
        dense(p, rnd, "item.output", s.dim(), s.hidden());
        ParamFile.write(dir.resolve(ModelDirectory.TWO_TOWER_PARAMS), p);
        TwoTowerModel model = TwoTowerModel.of(p, s);
        float[] vectors = new float[itemIds.size() * s.dim()];
        for (int i = 0; i < itemIds.size(); i++) {
          float[] v = model.itemVector(itemIds.get(i), WeightedTokens.EMPTY);
          System.arraycopy(v, 0, vectors, i * s.dim(), s.dim());
        }
        ModelDirectory.writeEmbeddings(dir.resolve(ModelDirectory.ITEM_EMBEDDINGS), vectors);
        models.set("two_tower", ModelManifest.twoTowerNode(s));
        manifest.put("embedding_dim", s.dim());
      }
      if (sequence) {
        SequenceModel.Settings s = SEQUENCE;
        int d = s.dim();
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("item_embedding", random(rnd, itemIds.size() + 1, d));
        p.put("position_embedding", random(rnd, s.maxLength(), d));
        for (int b = 0; b < s.blocks(); b++) {
          String n = "block" + b + ".";
          norm(p, rnd, n + "attention_norm", d);
          for (String part : List.of("query", "key", "value", "output")) {
            dense(p, rnd, n + "attention." + part, d, d);
          }
          norm(p, rnd, n + "ffn_norm", d);
          dense(p, rnd, n + "ffn_in", s.ffnDim(), d);
          dense(p, rnd, n + "ffn_out", d, s.ffnDim());
        }
        norm(p, rnd, "final_norm", d);
        ParamFile.write(dir.resolve(ModelDirectory.SEQUENCE_PARAMS), p);
        models.set("sequence", ModelManifest.sequenceNode(s));
      }
      ModelManifest.write(dir.resolve(ModelDirectory.MANIFEST), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Tensor random(Random rnd, int rows, int cols) {
    float[] v = new float[rows * cols];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (rnd.nextGaussian() * 0.5);
    }
    return new Tensor(new int[] {rows, cols}, v);
  }

  private static void dense(Map<String, Tensor> p, Random rnd, String name, int out, int in) {
    p.put(name + ".weight", random(rnd, out, in));
    float[] b = new float[out];
    for (int k = 0; k < out; k++) {
      b[k] = (float) (rnd.nextGaussian() * 0.1);
    }
    p.put(name + ".bias", new Tensor(new int[] {out}, b));
  }

  private static void norm(Map<String, Tensor> p, Random rnd, String name, int d) {
    float[] g = new float[d];
    float[] b = new float[d];
    for (int k = 0; k < d; k++) {
      g[k] = (float) (1 + rnd.nextGaussian() * 0.1);
      b[k] = (float) (rnd.nextGaussian() * 0.1);
    }
    p.put(name + ".gamma", new Tensor(new int[] {d}, g));
    p.put(name + ".beta", new Tensor(new int[] {d}, b));
  }
}
