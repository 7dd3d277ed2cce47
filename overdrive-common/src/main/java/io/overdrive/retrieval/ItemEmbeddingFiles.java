package io.overdrive.retrieval;

import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A model version's item embeddings as retrieval reads them: the files and checks of {@link
 * ModelDirectory} and {@link ModelManifest} (docs/architecture.md), gathered into one {@link
 * ItemEmbeddings} with the dimension taken from the manifest's {@code embedding_dim}.
 */
public final class ItemEmbeddingFiles {
  private ItemEmbeddingFiles() {}

  /**
   * Reads and checks a version directory's item embeddings.
   *
   * @throws UncheckedIOException naming the file and what is wrong with it
   */
  public static ItemEmbeddings read(Path versionDir) {
    try {
      ModelManifest manifest = ModelManifest.read(versionDir.resolve(ModelDirectory.MANIFEST));
      int dim = manifest.embeddingDim();
      if (dim <= 0 && manifest.hasTwoTower()) {
        dim = manifest.twoTower().dim();
      }
      if (dim <= 0) {
        throw new IOException(versionDir.resolve(ModelDirectory.MANIFEST) + ": no embedding_dim");
      }
      List<String> ids = ModelDirectory.readItemIds(versionDir.resolve(ModelDirectory.ITEM_IDS));
      if (ids.size() != manifest.itemCount()) {
        throw new IOException(
            versionDir.resolve(ModelDirectory.ITEM_IDS)
                + ": "
                + ids.size()
                + " ids but item_count is "
                + manifest.itemCount());
      }
      Path file = versionDir.resolve(ModelDirectory.ITEM_EMBEDDINGS);
      float[] vectors = ModelDirectory.readEmbeddings(file, ids.size(), dim);
      for (int i = 0; i < vectors.length; i++) {
        if (!Float.isFinite(vectors[i])) {
          throw new IOException(file + ": row " + (i / dim) + " holds a non-finite value");
        }
      }
      return new ItemEmbeddings(manifest.version(), dim, ids, vectors);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Writes the item files and, when the directory has none, a minimal manifest (the trainer writes
   * the full one; this is for tools, tests and benchmarks).
   */
  public static void write(Path versionDir, ItemEmbeddings embeddings) {
    try {
      Files.createDirectories(versionDir);
      ModelDirectory.writeItemIds(versionDir.resolve(ModelDirectory.ITEM_IDS), embeddings.ids());
      ModelDirectory.writeEmbeddings(
          versionDir.resolve(ModelDirectory.ITEM_EMBEDDINGS), embeddings.vectors());
      Path manifest = versionDir.resolve(ModelDirectory.MANIFEST);
      if (!Files.exists(manifest)) {
        ObjectNode m = ModelManifest.mapper().createObjectNode();
        m.put("format_version", ModelManifest.FORMAT_VERSION);
        m.put("version", embeddings.modelVersion());
        m.put("created_at", Instant.now().toString());
        m.put("embedding_dim", embeddings.dimension());
        m.put("item_count", embeddings.count());
        ModelManifest.write(manifest, m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item embeddings to " + versionDir, e);
    }
  }
}
