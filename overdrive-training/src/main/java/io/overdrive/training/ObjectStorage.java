package io.overdrive.training;

import io.overdrive.events.ArchiveFetcher;
import io.overdrive.model.ModelPublisher;
import io.overdrive.privacy.ArchiveCompaction;
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
 * trainer reads and writes local directories only (docker-compose's shared volumes). Before
 * training on an archive the trainer removes erased users' past from it ({@link #eraseInArchive}).
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

  /**
   * Removes erased users' past from the archive in {@code dataDir} ({@link ArchiveCompaction}) and,
   * with {@code OVERDRIVE_ARCHIVE_STORE}, stores each rewritten part again under its key, so the
   * object store forgets them too. A directory the trainer may not write (a read-only mount) is
   * reported and left as it is: training skips the erased past anyway.
   */
  static void eraseInArchive(Function<String, String> settings, Path dataDir, PrintStream out)
      throws IOException {
    ArchiveCompaction.Result r;
    try {
      r = ArchiveCompaction.eraseUsers(dataDir);
    } catch (java.nio.file.AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
      out.println("archive: cannot rewrite " + dataDir + " (" + e + "); erased users are skipped");
      return;
    }
    out.println("archive: " + r.describe());
    Optional<ObjectStoreSettings> s = ObjectStoreSettings.from(settings, ARCHIVE_STORE);
    if (s.isEmpty() || r.rewritten().isEmpty()) {
      return;
    }
    try (ObjectStore store = new S3ObjectStore(s.get())) {
      for (Path part : r.rewritten()) {
        store.upload(part, dataDir.relativize(part).toString().replace('\\', '/'));
      }
      out.println("archive: " + r.rewritten().size() + " part(s) replaced in " + store.describe());
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
