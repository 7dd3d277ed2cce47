package io.overdrive.events;

import io.overdrive.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the archive parts that consumers shipped to object storage ({@link ArchiveShipper}) into a
 * local directory for the trainer. Finished parts never change, so a part already there is not
 * fetched again: a trainer whose data directory survives between runs only downloads new hours.
 */
public final class ArchiveFetcher {
  private static final Logger log = LoggerFactory.getLogger(ArchiveFetcher.class);

  private ArchiveFetcher() {}

  /** Fetches every event part of the store missing under {@code dir}; returns how many. */
  public static int fetch(ObjectStore store, Path dir) throws IOException {
    int fetched = 0;
    int present = 0;
    for (String key : store.list("")) {
      String name = key.substring(key.lastIndexOf('/') + 1);
      if (!(ArchiveParts.isPart(name) || ArchiveParts.isOfKind(name, ArchiveParts.EVENTS))) {
        continue;
      }
      Path file = dir.resolve(key).normalize();
      if (!file.startsWith(dir.normalize())) {
        throw new IOException("unsafe key in " + store.describe() + ": " + key);
      }
      if (Files.exists(file)) {
        present++;
        continue;
      }
      Files.createDirectories(file.getParent());
      store.download(key, file);
      fetched++;
    }
    log.info(
        "Archive: fetched {} part(s) from {} into {} ({} already there)",
        fetched,
        store.describe(),
        dir,
        present);
    return fetched;
  }
}
