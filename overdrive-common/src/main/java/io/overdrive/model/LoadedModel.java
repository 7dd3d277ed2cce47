package io.overdrive.model;

import io.overdrive.ranking.blender.TrainedBlend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded model version: the item vocabulary, the two-tower model with its precomputed item
 * vectors and the sequence model, whichever the version has, and the blend fitted on their scores
 * ({@link TrainedBlend#FILE}, when the trainer wrote one). Immutable; the {@link ModelRegistry}
 * swaps whole instances.
 */
public final class LoadedModel {
  private final Path directory;
  private final ModelManifest manifest;
  private final List<String> itemIds;
  private final Map<String, Integer> itemIndex;
  private final TwoTowerModel twoTower;
  private final float[] itemVectors;
  private final ScoreScale twoTowerScale;
  private final SequenceModel sequence;
  private final ScoreScale sequenceScale;
  private final TrainedBlend blend;

  private LoadedModel(
      Path directory,
      ModelManifest manifest,
      List<String> itemIds,
      TwoTowerModel twoTower,
      float[] itemVectors,
      SequenceModel sequence,
      TrainedBlend blend) {
    this.directory = directory;
    this.blend = blend;
    this.manifest = manifest;
    this.itemIds = List.copyOf(itemIds);
    this.itemIndex = new HashMap<>(itemIds.size() * 2);
    for (int i = 0; i < itemIds.size(); i++) {
      itemIndex.put(itemIds.get(i), i);
    }
    this.twoTower = twoTower;
    this.itemVectors = itemVectors;
    this.twoTowerScale =
        twoTower == null
            ? null
            : ScoreScale.of(itemVectors, 0, itemIds.size(), twoTower.settings().dim());
    this.sequence = sequence;
    this.sequenceScale = sequence == null ? null : sequenceScale(sequence, itemIds.size());
  }

  private static ScoreScale sequenceScale(SequenceModel s, int items) {
    int d = s.settings().dim();
    float[] rows = new float[items * d];
    for (int i = 0; i < items; i++) {
      System.arraycopy(s.itemEmbedding(i), 0, rows, i * d, d);
    }
    return ScoreScale.of(rows, 0, items, d);
  }

  /**
   * Loads a version directory (manifest, item ids, and each model the manifest lists).
   *
   * @throws IOException when a file is missing or does not match the manifest
   */
  public static LoadedModel load(Path versionDir) throws IOException {
    ModelManifest manifest = ModelManifest.read(versionDir.resolve(ModelDirectory.MANIFEST));
    List<String> ids = ModelDirectory.readItemIds(versionDir.resolve(ModelDirectory.ITEM_IDS));
    if (ids.size() != manifest.itemCount()) {
      throw new IOException(
          versionDir
              + ": item_ids.txt has "
              + ids.size()
              + " ids, manifest says "
              + manifest.itemCount());
    }
    try {
      TwoTowerModel twoTower = null;
      float[] vectors = null;
      if (manifest.hasTwoTower()) {
        twoTower =
            TwoTowerModel.of(
                ParamFile.read(versionDir.resolve(ModelDirectory.TWO_TOWER_PARAMS)),
                manifest.twoTower());
        vectors =
            ModelDirectory.readEmbeddings(
                versionDir.resolve(ModelDirectory.ITEM_EMBEDDINGS),
                ids.size(),
                manifest.twoTower().dim());
      }
      SequenceModel sequence = null;
      if (manifest.hasSequence()) {
        sequence =
            SequenceModel.of(
                ParamFile.read(versionDir.resolve(ModelDirectory.SEQUENCE_PARAMS)),
                manifest.sequence());
        if (sequence.itemCount() != ids.size()) {
          throw new IOException(
              versionDir
                  + ": sequence model has "
                  + sequence.itemCount()
                  + " items, item_ids "
                  + ids.size());
        }
      }
      // a version is one unit: a broken blend file fails the version (the registry keeps the
      // current one), a missing one means the hand-set blend
      Path blendFile = versionDir.resolve(TrainedBlend.FILE);
      TrainedBlend blend = Files.exists(blendFile) ? TrainedBlend.read(blendFile) : null;
      return new LoadedModel(versionDir, manifest, ids, twoTower, vectors, sequence, blend);
    } catch (ModelFormatException e) {
      throw new IOException(versionDir + ": " + e.getMessage(), e);
    }
  }

  /** Loads the version {@code LATEST} names under {@code root}, if any. */
  public static Optional<LoadedModel> loadLatest(Path root) throws IOException {
    Optional<String> v = ModelDirectory.latest(root);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Path dir = root.resolve(v.get());
    if (!Files.isDirectory(dir)) {
      throw new IOException("LATEST names " + v.get() + ", which is not a directory in " + root);
    }
    return Optional.of(load(dir));
  }

  public String version() {
    return manifest.version();
  }

  public Path directory() {
    return directory;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public List<String> itemIds() {
    return itemIds;
  }

  /** Row of an item id in item_ids.txt (and the embeddings), or -1 for an item not trained on. */
  public int itemIndex(String itemId) {
    Integer i = itemIndex.get(itemId);
    return i == null ? -1 : i;
  }

  public Optional<TwoTowerModel> twoTower() {
    return Optional.ofNullable(twoTower);
  }

  public Optional<SequenceModel> sequence() {
    return Optional.ofNullable(sequence);
  }

  /** The blend fitted on this version's scores, if the trainer wrote one. */
  public Optional<TrainedBlend> blend() {
    return Optional.ofNullable(blend);
  }

  /** The two-tower item vector at row {@code index} (a copy). */
  public float[] itemVector(int index) {
    int d = twoTower.settings().dim();
    float[] out = new float[d];
    System.arraycopy(itemVectors, index * d, out, 0, d);
    return out;
  }

  /** Inner product of a query with the two-tower vector at row {@code index}. */
  public float itemScore(float[] query, int index) {
    int d = twoTower.settings().dim();
    int off = index * d;
    float s = 0;
    for (int k = 0; k < d; k++) {
      s += query[k] * itemVectors[off + k];
    }
    return s;
  }

  /** Catalogue moments of the two-tower item vectors (null without a two-tower model). */
  public ScoreScale twoTowerScale() {
    return twoTowerScale;
  }

  /** Catalogue moments of the sequence model's item embeddings (null without one). */
  public ScoreScale sequenceScale() {
    return sequenceScale;
  }
}
