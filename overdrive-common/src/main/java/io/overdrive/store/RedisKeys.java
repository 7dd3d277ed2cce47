package io.overdrive.store;

/**
 * The Redis key layout (docs/decisions/0200-redis-key-layout.md). Every key of one user carries the
 * user id as its hash tag ({@code od:u:{u42}}, {@code od:u:{u42}:seq}, ...), so in a Redis Cluster
 * they share a slot and one Lua script may touch them all; likewise for an item. Ids containing a
 * brace or '%' are percent-escaped so the hash tag stays the whole id.
 */
public final class RedisKeys {
  /** Field of the user hash holding the signup profile (JSON), read with the features. */
  public static final String PROFILE_FIELD = "profile";

  /**
   * Field of the user and item hashes: when the scripts last refreshed the keys' TTLs (ms); a write
   * refreshes them when this is older than the refresh interval.
   */
  public static final String TTL_REFRESHED_FIELD = "_ttl_at";

  /** Field of the item hash holding the catalogue record (JSON), read with the stats. */
  public static final String ITEM_META_FIELD = "meta";

  /**
   * Field of the item hash marking a takedown (ms). A taken-down hash also gets {@link
   * #TTL_REFRESHED_FIELD} far in the future and no TTL, so the scripts never give it one again and
   * the mark outlives every other key (decision 0200).
   */
  public static final String TAKEN_DOWN_FIELD = "taken_down";

  /**
   * Sorted set: the fresh-item pool, item id -> when it was applied (ms); one key for all items
   * ({@link RedisCatalogueLog}, decision 0305).
   */
  public static final String FRESH_ITEMS = "od:catalogue:fresh";

  /** Sorted set: the takedown log, item id -> when it was taken down (ms). */
  public static final String TAKEDOWNS = "od:catalogue:takedowns";

  private RedisKeys() {}

  /** Hash: counters, decayed interest and author weights, session fields, profile. */
  public static String user(String userId) {
    return "od:u:{" + escape(userId) + "}";
  }

  /** List: the last-N engaged item ids, most recent first. */
  public static String userSequence(String userId) {
    return user(userId) + ":seq";
  }

  /**
   * Sorted set: snapshots of the user's learned interests (JSON), score = the snapshot's time (ms);
   * the console's "over time".
   */
  public static String userInterestHistory(String userId) {
    return user(userId) + ":hist";
  }

  /** Sorted set: event ids applied to the user (score = when applied, ms). */
  public static String userDedup(String userId) {
    return user(userId) + ":dedup";
  }

  /** Hash: engagement stats and the catalogue record. */
  public static String item(String itemId) {
    return "od:i:{" + escape(itemId) + "}";
  }

  /** Sorted set: event ids applied to the item (score = when applied, ms). */
  public static String itemDedup(String itemId) {
    return item(itemId) + ":dedup";
  }

  /**
   * Hash: the outcome counters of experiment arms ({@code <arm code>:<counter>}) for the users of
   * one slot. A single server has one, {@code od:o:{<tag of slot 0>}}; on a Cluster each slot has
   * its own, written by the calls of that slot's users, and readers sum them.
   */
  public static String outcomes(int slot) {
    return "od:o:{" + SlotTags.of(slot) + "}";
  }

  /**
   * Sorted set: erasure tombstones of the last dedup window, member = SHA-256 of the user id, score
   * = when erased (ms).
   */
  public static String erasures() {
    return "od:erased";
  }

  /** Counter bumped by every erasure, so readers reload {@link #erasures()} only on change. */
  public static String erasuresVersion() {
    return "od:erased:v";
  }

  static String escape(String id) {
    if (id.isEmpty()) {
      // an empty hash tag would hash the whole key; "%" alone is no escaped id's spelling
      return "%";
    }
    if (id.indexOf('{') < 0 && id.indexOf('}') < 0 && id.indexOf('%') < 0) {
      return id;
    }
    return id.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
  }
}
