package io.overdrive.store;

import io.overdrive.domain.Interaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The erasure tombstones of the last dedup window, as one snapshot: which users were erased and
 * when. An event of an erased user that happened at or before the erasure (a late delivery, a
 * client's retry) is not learned, so erasure is not undone by events still in flight; a user who
 * comes back after the erasure starts afresh. Users are held by the SHA-256 of their id, so the
 * tombstones do not keep the id they erase; the hash is only computed while a tombstone exists.
 */
public final class Erasures {
  public static final Erasures NONE = new Erasures(Map.of());

  private final Map<String, Long> erasedAtByHash;

  /**
   * @param erasedAtByHash {@link #hash} of the user id -> when the user was erased (epoch ms)
   */
  public Erasures(Map<String, Long> erasedAtByHash) {
    this.erasedAtByHash = Map.copyOf(erasedAtByHash);
  }

  public boolean isEmpty() {
    return erasedAtByHash.isEmpty();
  }

  public int size() {
    return erasedAtByHash.size();
  }

  /** Whether an event of the user at {@code eventTimeMillis} belongs to an erased past. */
  public boolean erased(String userId, long eventTimeMillis) {
    if (erasedAtByHash.isEmpty()) {
      return false;
    }
    Long at = erasedAtByHash.get(hash(userId));
    return at != null && eventTimeMillis <= at;
  }

  /** Whether the user has a tombstone (was erased within the window), whatever the time. */
  public boolean has(String userId) {
    return !erasedAtByHash.isEmpty() && erasedAtByHash.containsKey(hash(userId));
  }

  /** The events that may be learned: those of no erased past. */
  public List<Interaction> keep(List<Interaction> events) {
    if (erasedAtByHash.isEmpty()) {
      return events;
    }
    List<Interaction> kept = new ArrayList<>(events.size());
    for (Interaction e : events) {
      if (!erased(e.userId(), e.timestamp().toEpochMilli())) {
        kept.add(e);
      }
    }
    return kept;
  }

  /** The tombstone's member for a user: the hex SHA-256 of the id. */
  public static String hash(String userId) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
