package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.UserFeatures;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a ranking process still knows while the feature store is unreachable: the items it read last
 * (their catalogue records and engagement stats, which is the popularity prior the cold-start rules
 * rank with) and nothing about any user. Degraded rankings read through this, never touching the
 * network; every write fails as the store itself would, so nothing is accepted that cannot be kept.
 */
public final class LastKnownFeatureStore implements FeatureStore {
  /** The items a process remembers: any record it holds, however old; none for unknown ids. */
  @FunctionalInterface
  public interface ItemMemory {
    ItemMemory NONE = ids -> Map.of();

    Map<String, ItemRecord> lastKnown(Collection<String> itemIds);
  }

  private final ItemMemory memory;

  public LastKnownFeatureStore(ItemMemory memory) {
    this.memory = memory;
  }

  @Override
  public UserFeatures user(String userId, Instant now) {
    return UserFeatures.unknown(userId, now);
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    Map<String, ItemRecord> known = memory.lastKnown(itemIds);
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    for (String id : itemIds) {
      ItemRecord r = known.get(id);
      out.put(id, r == null ? ItemRecord.unknown(id) : r);
    }
    return out;
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    return Optional.empty();
  }

  @Override
  public void putProfile(UserProfile profile) {
    throw unavailable();
  }

  @Override
  public void putItems(Collection<Item> items) {
    throw unavailable();
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    throw unavailable();
  }

  @Override
  public void takeDownItems(Collection<String> itemIds, Instant at) {
    throw unavailable();
  }

  @Override
  public ApplyResult applyRankings(List<io.overdrive.outcomes.ServedRanking> rankings) {
    throw unavailable();
  }

  @Override
  public io.overdrive.outcomes.OutcomeTotals outcomes() {
    throw unavailable();
  }

  @Override
  public boolean eraseUser(String userId) {
    throw unavailable();
  }

  @Override
  public void appendInterestSnapshot(
      String userId, io.overdrive.features.InterestSnapshot snapshot, int keep) {
    throw unavailable();
  }

  @Override
  public List<io.overdrive.features.InterestSnapshot> interestHistory(String userId) {
    return List.of();
  }

  @Override
  public String describe() {
    return "last known items (feature store unreachable)";
  }

  @Override
  public boolean ping() {
    return false;
  }

  private static StoreUnavailableException unavailable() {
    return new StoreUnavailableException("the feature store is unreachable", null);
  }
}
