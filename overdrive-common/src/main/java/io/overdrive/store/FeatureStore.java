package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.UserFeatures;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.ServedRanking;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port through which ranking reads and learning writes features. Adapters: {@link
 * InMemoryFeatureStore} (standalone) and {@link RedisFeatureStore}. Reads cost one round trip per
 * user and one per batch of items; each event's writes are atomic and idempotent by event id.
 */
public interface FeatureStore extends AutoCloseable {

  /** A user's features decayed to {@code now}; an unknown user gets empty features. */
  UserFeatures user(String userId, Instant now);

  /** Catalogue records and engagement stats of the items; unknown ids map to a bare record. */
  Map<String, ItemRecord> items(Collection<String> itemIds);

  /** A user's features and some items' records, read together. */
  record UserAndItems(UserFeatures user, Map<String, ItemRecord> items) {}

  /**
   * {@link #user} and {@link #items}, in one round trip where the store is remote (the ranking
   * reads a user and then the candidates its item cache lacks: two round trips, each a wake-up of
   * the store client's event loop and of the waiting request thread).
   */
  default UserAndItems userAndItems(String userId, Instant now, Collection<String> itemIds) {
    return new UserAndItems(user(userId, now), itemIds.isEmpty() ? Map.of() : items(itemIds));
  }

  /**
   * {@link #user}, read by a ranking whose candidates are {@code candidates}: a store that caches
   * item reads loads the candidates it lacks together with the user ({@link #userAndItems}), so the
   * ranking's {@link #itemsInOrder} right after finds them. The same features as {@link #user}.
   */
  default UserFeatures userBeforeItems(String userId, Instant now, List<Item> candidates) {
    return user(userId, now);
  }

  /**
   * {@link #items} in the ids' order ({@code records.get(i)} is {@code itemIds.get(i)}'s, null when
   * the store answered none): the ranking's hydration reads 500 records by position, and a cache in
   * front of the store answers without building a map of them.
   */
  default List<ItemRecord> itemsInOrder(List<String> itemIds) {
    Map<String, ItemRecord> read = items(itemIds);
    ItemRecord[] out = new ItemRecord[itemIds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = read.get(itemIds.get(i));
    }
    return Arrays.asList(out);
  }

  Optional<UserProfile> profile(String userId);

  void putProfile(UserProfile profile);

  /**
   * Adds or replaces catalogue records (metadata only; stats are learned from events). A record put
   * for a taken-down id restores the item.
   */
  void putItems(Collection<Item> items);

  /**
   * Takes items down: their records are removed and they are marked, so every read sees {@link
   * ItemRecord#takenDown()} and the ranking never serves them; the mark does not expire (decision
   * 0200). Engagement counters stay (an item restored by a new record keeps them).
   */
  void takeDownItems(Collection<String> itemIds, Instant at);

  /**
   * Applies the deltas, each atomically; a delta whose event id was applied before (for that user
   * and item) is skipped and counted as a duplicate.
   */
  ApplyResult apply(List<FeatureDelta> deltas);

  /**
   * Counts served rankings for their experiment arms ({@link
   * io.overdrive.outcomes.OutcomeField#RANKINGS}) and records the arms' names; a ranking id already
   * counted for its user (a redelivery of the log) is a duplicate. Rankings change no feature.
   */
  ApplyResult applyRankings(List<ServedRanking> rankings);

  /** The outcome counters of every experiment arm (what {@link #apply} and rankings added). */
  OutcomeTotals outcomes();

  /**
   * Adds a snapshot of the user's learned interests to their history, replacing the one taken at
   * the same time, and keeps the newest {@code keep}. The history expires with the user's features
   * and goes with an erasure.
   */
  void appendInterestSnapshot(String userId, InterestSnapshot snapshot, int keep);

  /** The user's interest snapshots, oldest first (empty when none were taken or erased). */
  List<InterestSnapshot> interestHistory(String userId);

  /**
   * Deletes everything stored about a user (profile, features, sequence, dedup marks, interest
   * history) and leaves an erasure tombstone for the dedup window, so events of the user's past
   * that arrive later are not learned ({@link #erasures()}).
   */
  boolean eraseUser(String userId);

  /** The erasure tombstones of the last dedup window; cheap to call once per batch. */
  default Erasures erasures() {
    return Erasures.NONE;
  }

  /** "in-memory" or the Redis address, for logs and /health. */
  String describe();

  /** Cheap liveness check of the backing store. */
  default boolean ping() {
    return true;
  }

  @Override
  default void close() {}

  /**
   * How many deltas (or rankings) were applied and how many were redeliveries, and what the applied
   * ones added to the experiment arms' counters (redeliveries left out).
   */
  record ApplyResult(int applied, int duplicates, ArmCounts outcomes) {
    public static final ApplyResult NONE = new ApplyResult(0, 0);

    public ApplyResult(int applied, int duplicates) {
      this(applied, duplicates, ArmCounts.NONE);
    }

    public ApplyResult plus(ApplyResult o) {
      return new ApplyResult(
          applied + o.applied, duplicates + o.duplicates, outcomes.plus(o.outcomes));
    }
  }
}
