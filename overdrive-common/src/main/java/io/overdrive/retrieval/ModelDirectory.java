package io.overdrive.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A trainer's output directory: versions side by side and a {@code LATEST} file naming the current
 * one, replaced atomically once a version is complete (docs/architecture.md).
 */
public final class ModelDirectory {
  public static final String LATEST = "LATEST";

  private final Path root;

  public ModelDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The version {@code LATEST} names, if there is one. */
  public Optional<String> latestVersion() {
    try {
      String v = Files.readString(root.resolve(LATEST), StandardCharsets.UTF_8).trim();
      if (v.isEmpty() || v.contains("/") || v.contains("\\") || v.equals("..")) {
        return Optional.empty();
      }
      return Optional.of(v);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(LATEST), e);
    }
  }

  public Path versionDir(String version) {
    return root.resolve(version);
  }

  /** The item embeddings of {@code version}. */
  public ItemEmbeddings itemEmbeddings(String version) {
    return ItemEmbeddingFiles.read(versionDir(version));
  }

  /** Writes a version's item embeddings and then points {@code LATEST} at it. */
  public void publish(ItemEmbeddings embeddings) {
    ItemEmbeddingFiles.write(versionDir(embeddings.modelVersion()), embeddings);
    pointLatestAt(embeddings.modelVersion());
  }

  /**
   * Replaces {@code LATEST} atomically (write aside, rename) so a reader never sees half a name.
   */
  public void pointLatestAt(String version) {
    try {
      Path tmp = root.resolve(LATEST + ".tmp");
      Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            tmp,
            root.resolve(LATEST),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, root.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + root.resolve(LATEST), e);
    }
  }
}
