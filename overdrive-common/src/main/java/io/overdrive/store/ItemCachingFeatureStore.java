package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.UserFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A remote store whose item reads are served from memory for a short time: the ranking hot path
 * reads hundreds of candidates per request, and the same popular items come back request after
 * request. Catalogue records and engagement counters are aggregates of all users, so a second of
 * staleness does not change an order visibly, while user features (what "learns within a second" is
 * about) are always read fresh. Items written through this instance are evicted at once.
 */
public final class ItemCachingFeatureStore implements FeatureStore {
  private final FeatureStore delegate;
  private final long ttlNanos;
  private final int maxEntries;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(ItemRecord record, long loadedAt) {}

  /**
   * @param ttl how long an item read is reused
   * @param maxEntries the cache is emptied when it grows past this many items
   */
  public ItemCachingFeatureStore(FeatureStore delegate, Duration ttl, int maxEntries) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("item cache TTL must be positive, is " + ttl);
    }
    this.delegate = delegate;
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    long now = System.nanoTime();
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    List<String> misses = new ArrayList<>();
    for (String id : itemIds) {
      Entry e = cache.get(id);
      if (e != null && now - e.loadedAt() < ttlNanos) {
        out.put(id, e.record());
      } else {
        out.put(id, null); // keeps the caller's order
        misses.add(id);
      }
    }
    if (!misses.isEmpty()) {
      if (cache.size() + misses.size() > maxEntries) {
        cache.clear();
      }
      delegate
          .items(misses)
          .forEach(
              (id, record) -> {
                out.put(id, record);
                cache.put(id, new Entry(record, now));
              });
    }
    return out;
  }

  @Override
  public UserFeatures user(String userId, Instant now) {
    return delegate.user(userId, now);
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    return delegate.profile(userId);
  }

  @Override
  public void putProfile(UserProfile profile) {
    delegate.putProfile(profile);
  }

  @Override
  public void putItems(Collection<Item> items) {
    delegate.putItems(items);
    items.forEach(i -> cache.remove(i.id()));
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    ApplyResult r = delegate.apply(deltas);
    deltas.forEach(d -> cache.remove(d.itemId()));
    return r;
  }

  @Override
  public boolean eraseUser(String userId) {
    return delegate.eraseUser(userId);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public boolean ping() {
    return delegate.ping();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
