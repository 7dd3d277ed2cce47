package io.overdrive.events;

import io.overdrive.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the consumer's finished archive parts to object storage, keeping their layout ({@code
 * yyyy-MM-dd/HH/events-*.jsonl.gz}, and the {@code items-*} and {@code users-*} catalogue parts
 * beside them, under the store's prefix), and deletes each local copy once it is stored. Only
 * finished parts are shipped (never a {@code *.inprogress} one), and a part is immutable once
 * finished, so shipping the same part twice after a crash stores the same object. The trainer reads
 * the store with {@link ArchiveFetcher}; decision 0304.
 */
public final class ArchiveShipper {
  private static final Logger log = LoggerFactory.getLogger(ArchiveShipper.class);

  private final ObjectStore store;
  private final Path root;

  public ArchiveShipper(ObjectStore store, Path root) {
    this.store = store;
    this.root = root;
  }

  /**
   * Uploads every finished part under the archive root and removes it locally. Returns how many
   * parts were shipped.
   *
   * @throws IOException when an upload fails (that part and the ones after it stay local and are
   *     tried again on the next call)
   */
  public synchronized int shipFinished() throws IOException {
    List<Path> parts = ArchiveParts.finished(root);
    for (Path part : parts) {
      store.upload(part, root.relativize(part).toString().replace('\\', '/'));
      Files.delete(part);
    }
    if (!parts.isEmpty()) {
      log.info("Archive: shipped {} part(s) to {}", parts.size(), store.describe());
    }
    return parts.size();
  }

  public String describe() {
    return root + " -> " + store.describe();
  }
}
