package io.overdrive.privacy;

import io.overdrive.catalogue.CatalogueArchive;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The erasures an archive records: the {@code users-*} parts keep an erasure change for every
 * {@code DELETE /users/{id}} (the API writes it before the store is erased, decision 0205), and
 * unlike the Redis tombstones (one dedup window) these never expire. An event, a served ranking or
 * a profile of the user at or before their latest erasure is an erased past: not trained on, not
 * exported, and removed by {@link ArchiveCompaction}. What the user does after the erasure is a new
 * start and is kept.
 */
public final class ArchivedErasures {
  public static final ArchivedErasures NONE = new ArchivedErasures(Map.of());

  private final Map<String, Instant> erasedAt;

  public ArchivedErasures(Map<String, Instant> erasedAt) {
    this.erasedAt = Map.copyOf(erasedAt);
  }

  /** The erasures of the archive under {@code dir}; an unreadable line stops the read or not. */
  public static ArchivedErasures read(Path dir, CatalogueArchive.BadLines bad) {
    return new ArchivedErasures(CatalogueArchive.erasures(dir, bad));
  }

  /** Whether something of the user at {@code at} belongs to an erased past. */
  public boolean covers(String userId, Instant at) {
    if (erasedAt.isEmpty()) {
      return false;
    }
    Instant erased = erasedAt.get(userId);
    return erased != null && at != null && !at.isAfter(erased);
  }

  public boolean isEmpty() {
    return erasedAt.isEmpty();
  }

  /** Users with an erasure on record. */
  public int users() {
    return erasedAt.size();
  }
}
