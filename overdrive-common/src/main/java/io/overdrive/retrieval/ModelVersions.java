package io.overdrive.retrieval;

import io.overdrive.model.ModelDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trainer's model directory seen from retrieval: which version {@code LATEST} names and that
 * version's item embeddings (layout and atomic publishing: {@link ModelDirectory}).
 */
public final class ModelVersions {
  private final Path root;

  public ModelVersions(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The version {@code LATEST} names, if there is one. */
  public Optional<String> latestVersion() {
    try {
      return ModelDirectory.latest(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  public Path versionDir(String version) {
    return root.resolve(version);
  }

  /** The item embeddings of {@code version}. */
  public ItemEmbeddings itemEmbeddings(String version) {
    return ItemEmbeddingFiles.read(versionDir(version));
  }

  /** Writes a version's item embeddings and then points {@code LATEST} at it (tools, tests). */
  public void publish(ItemEmbeddings embeddings) {
    ItemEmbeddingFiles.write(versionDir(embeddings.modelVersion()), embeddings);
    try {
      ModelDirectory.publish(root, embeddings.modelVersion());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
