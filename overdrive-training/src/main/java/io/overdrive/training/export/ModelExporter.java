package io.overdrive.training.export;

import ai.djl.ndarray.NDArray;
import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelManifest;
import io.overdrive.model.ParamFile;
import io.overdrive.model.SequenceModel;
import io.overdrive.model.Tensor;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.sequence.TrainableSequenceModel;
import io.overdrive.training.twotower.TrainableTwoTowerModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a trained model version into a model directory (layout in docs/models.md): the version is
 * written under a temporary name, renamed into place when complete, and only then named in {@code
 * LATEST}, so a reader never sees a partial version.
 */
public final class ModelExporter {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ModelExporter() {}

  /** What one export contains; either model may be null. */
  public record Contents(
      InteractionData data,
      TrainableTwoTowerModel twoTower,
      TrainableSequenceModel sequence,
      List<Map<String, Object>> metrics,
      Consumer<ObjectNode> extra) {}

  /** Exports and publishes a new version; returns its name. */
  public static String export(Path root, Contents c, Instant now) throws IOException {
    return export(root, c, now, staged -> {});
  }

  /** Adds files to a staged version directory before it is published. */
  @FunctionalInterface
  public interface Stage {
    void accept(Path stagedVersion) throws IOException;
  }

  /**
   * Exports a new version, lets {@code beforePublish} add files to it (the trained blend, fitted on
   * the staged models' scores) and publishes it; returns its name.
   */
  public static String export(Path root, Contents c, Instant now, Stage beforePublish)
      throws IOException {
    Files.createDirectories(root);
    String base = STAMP.format(now) + "-" + c.data().fingerprint().substring(0, 6);
    String version = base;
    for (int k = 2; Files.exists(root.resolve(version)); k++) {
      version = base + "-" + k;
    }
    Path tmp = root.resolve("." + version + ".tmp");
    Files.createDirectories(tmp);
    ModelDirectory.writeItemIds(tmp.resolve(ModelDirectory.ITEM_IDS), c.data().itemIds());

    ObjectNode manifest = ModelManifest.mapper().createObjectNode();
    manifest.put("format_version", ModelManifest.FORMAT_VERSION);
    manifest.put("version", version);
    manifest.put("created_at", now.toString());
    manifest.put("data_fingerprint", c.data().fingerprint());
    manifest.put("item_count", c.data().itemCount());
    ObjectNode models = manifest.putObject("models");
    int embeddingDim = 0;
    if (c.twoTower() != null) {
      var cfg = c.twoTower().block().config();
      TwoTowerModel.Settings s =
          new TwoTowerModel.Settings(
              cfg.dim(),
              cfg.hidden(),
              cfg.tokenBuckets(),
              cfg.itemBuckets(),
              cfg.userBuckets(),
              cfg.temperature());
      ParamFile.write(
          tmp.resolve(ModelDirectory.TWO_TOWER_PARAMS),
          tensors(c.twoTower().block().namedParameters()));
      ModelDirectory.writeEmbeddings(
          tmp.resolve(ModelDirectory.ITEM_EMBEDDINGS), c.twoTower().allItemVectors());
      models.set("two_tower", ModelManifest.twoTowerNode(s));
      embeddingDim = cfg.dim();
    }
    if (c.sequence() != null) {
      var cfg = c.sequence().config();
      SequenceModel.Settings s =
          new SequenceModel.Settings(
              cfg.dim(), cfg.maxLength(), cfg.blocks(), cfg.heads(), cfg.ffnDim());
      ParamFile.write(
          tmp.resolve(ModelDirectory.SEQUENCE_PARAMS),
          tensors(c.sequence().block().namedParameters()));
      models.set("sequence", ModelManifest.sequenceNode(s));
    }
    manifest.put("embedding_dim", embeddingDim);
    manifest.set("metrics", ModelManifest.mapper().valueToTree(c.metrics()));
    if (c.extra() != null) {
      c.extra().accept(manifest);
    }
    ModelManifest.write(tmp.resolve(ModelDirectory.MANIFEST), manifest);
    beforePublish.accept(tmp);
    Files.move(tmp, root.resolve(version), StandardCopyOption.ATOMIC_MOVE);
    ModelDirectory.publish(root, version);
    return version;
  }

  /** DJL arrays as named float32 tensors. */
  public static Map<String, Tensor> tensors(Map<String, NDArray> arrays) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    arrays.forEach(
        (name, a) -> {
          long[] shape = a.getShape().getShape();
          int[] dims = new int[shape.length];
          for (int k = 0; k < shape.length; k++) {
            dims[k] = Math.toIntExact(shape[k]);
          }
          out.put(name, new Tensor(dims, a.toFloatArray()));
        });
    return out;
  }
}
