package io.overdrive.model;

import io.overdrive.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes a model version from a local model directory to object storage, in the order that keeps
 * every reader consistent: the version's files, then its {@code manifest.json} (a version without
 * one is incomplete to a {@link ModelMirror}), then {@code LATEST}. Earlier versions stay in the
 * store, so rolling back is writing an older name to {@code LATEST}.
 */
public final class ModelPublisher {
  private ModelPublisher() {}

  /** Uploads {@code localRoot/version} and points the store's {@code LATEST} at it. */
  public static void publish(ObjectStore store, Path localRoot, String version) throws IOException {
    if (!ModelDirectory.isVersionName(version)) {
      throw new IllegalArgumentException("not a version name: " + version);
    }
    Path dir = localRoot.resolve(version);
    if (!Files.isRegularFile(dir.resolve(ModelDirectory.MANIFEST))) {
      throw new IOException(dir + " has no " + ModelDirectory.MANIFEST);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      if (!f.getFileName().toString().equals(ModelDirectory.MANIFEST)) {
        store.upload(f, key(version, dir, f));
      }
    }
    store.upload(dir.resolve(ModelDirectory.MANIFEST), version + "/" + ModelDirectory.MANIFEST);
    store.writeText(ModelDirectory.LATEST, version + "\n");
  }

  private static String key(String version, Path dir, Path file) {
    return version + "/" + dir.relativize(file).toString().replace('\\', '/');
  }
}
