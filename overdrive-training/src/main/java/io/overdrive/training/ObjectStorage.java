package io.overdrive.training;

import io.overdrive.events.ArchiveFetcher;
import io.overdrive.model.ModelPublisher;
import io.overdrive.storage.ObjectStore;
import io.overdrive.storage.ObjectStoreSettings;
import io.overdrive.storage.S3ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The trainer's side of object storage (decision 0304), from environment variables: with {@code
 * OVERDRIVE_ARCHIVE_STORE} the consumers' shipped archive parts are fetched into {@code --data-dir}
 * before training; with {@code OVERDRIVE_MODEL_STORE} the exported version is published there
 * (files, manifest, then {@code LATEST}) for every API and serving replica. Without them the
 * trainer reads and writes local directories only (docker-compose's shared volumes).
 */
final class ObjectStorage {
  static final String ARCHIVE_STORE = "overdrive.archive-store";
  static final String MODEL_STORE = "overdrive.model-store";

  private ObjectStorage() {}

  /**
   * Settings by dotted name from the environment ({@code overdrive.s3.region} ->
   * OVERDRIVE_S3_REGION).
   */
  static final Function<String, String> ENVIRONMENT =
      key -> System.getenv(ObjectStoreSettings.variable(key));

  static void fetchArchive(Function<String, String> settings, Path dataDir, PrintStream out)
      throws IOException {
    Optional<ObjectStoreSettings> s = ObjectStoreSettings.from(settings, ARCHIVE_STORE);
    if (s.isEmpty()) {
      return;
    }
    Files.createDirectories(dataDir);
    try (ObjectStore store = new S3ObjectStore(s.get())) {
      int n = ArchiveFetcher.fetch(store, dataDir);
      out.println("archive: " + n + " new part(s) from " + store.describe() + " in " + dataDir);
    }
  }

  static void publishModel(
      Function<String, String> settings, Path outputDir, String version, PrintStream out)
      throws IOException {
    Optional<ObjectStoreSettings> s = ObjectStoreSettings.from(settings, MODEL_STORE);
    if (s.isEmpty()) {
      return;
    }
    try (ObjectStore store = new S3ObjectStore(s.get())) {
      ModelPublisher.publish(store, outputDir, version);
      out.println("published " + version + " to " + store.describe());
    }
  }
}
