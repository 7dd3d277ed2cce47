package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.UserFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A remote store whose item reads are served from memory for a short time: the ranking hot path
 * reads hundreds of candidates per request, and the same popular items come back request after
 * request. Catalogue records and engagement counters are aggregates of all users, so a second of
 * staleness does not change an order visibly, while user features (what "learns within a second" is
 * about) are always read fresh. Items written through this instance are evicted at once.
 *
 * <p>Expired entries stay until the cache is emptied: while the store is unreachable they are the
 * {@link LastKnownFeatureStore.ItemMemory} degraded rankings read.
 */
public final class ItemCachingFeatureStore extends ForwardingFeatureStore
    implements LastKnownFeatureStore.ItemMemory {
  private final long ttlNanos;
  private final int maxEntries;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(ItemRecord record, long expiresAt) {}

  /**
   * @param ttl how long an item read is reused at most
   * @param maxEntries the cache is emptied when it grows past this many items
   */
  public ItemCachingFeatureStore(FeatureStore delegate, Duration ttl, int maxEntries) {
    super(delegate);
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("item cache TTL must be positive, is " + ttl);
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    long now = System.nanoTime();
    // sized for every id at once: growing through 500 candidates rehashed the map six times
    Map<String, ItemRecord> out = new LinkedHashMap<>(itemIds.size() * 4 / 3 + 1);
    List<String> misses = new ArrayList<>();
    for (String id : itemIds) {
      ItemRecord fresh = fresh(id, now);
      out.put(id, fresh); // a miss's null keeps the caller's order
      if (fresh == null) {
        misses.add(id);
      }
    }
    if (!misses.isEmpty()) {
      out.putAll(load(misses, now));
    }
    return out;
  }

  /**
   * The ranking's read: an array of the ids' records, no map (a {@code LinkedHashMap} of 500
   * entries per request was most of the cache's cost in an ids ranking's profile).
   */
  @Override
  public List<ItemRecord> itemsInOrder(List<String> itemIds) {
    long now = System.nanoTime();
    ItemRecord[] out = new ItemRecord[itemIds.size()];
    List<String> misses = null;
    for (int i = 0; i < out.length; i++) {
      out[i] = fresh(itemIds.get(i), now);
      if (out[i] == null) {
        if (misses == null) {
          misses = new ArrayList<>();
        }
        misses.add(itemIds.get(i));
      }
    }
    if (misses != null) {
      Map<String, ItemRecord> read = load(misses, now);
      for (int i = 0; i < out.length; i++) {
        if (out[i] == null) {
          out[i] = read.get(itemIds.get(i));
        }
      }
    }
    return Arrays.asList(out);
  }

  /**
   * The user, read together with the candidates not fresh in the cache (one round trip instead of
   * two: the ranking's {@link #itemsInOrder} right after finds them cached). Candidates the cache
   * holds fresh are not read, as there.
   */
  @Override
  public UserFeatures userBeforeItems(String userId, Instant now, List<Item> candidates) {
    long at = System.nanoTime();
    List<String> misses = null;
    for (int i = 0; i < candidates.size(); i++) {
      String id = candidates.get(i).id();
      if (fresh(id, at) == null) {
        if (misses == null) {
          misses = new ArrayList<>();
        }
        misses.add(id);
      }
    }
    if (misses == null) {
      return delegate.user(userId, now);
    }
    UserAndItems read = delegate.userAndItems(userId, now, misses);
    cache(read.items(), at);
    return read.user();
  }

  /** The cached record of an id while it is fresh, else null. */
  private ItemRecord fresh(String id, long now) {
    Entry e = cache.get(id);
    return e != null && now - e.expiresAt() < 0 ? e.record() : null;
  }

  /** Reads the ids from the store and caches what it answers. */
  private Map<String, ItemRecord> load(List<String> misses, long now) {
    return cache(delegate.items(misses), now);
  }

  /** Caches records read at {@code now}. */
  private Map<String, ItemRecord> cache(Map<String, ItemRecord> read, long now) {
    if (cache.size() + read.size() > maxEntries) {
      cache.clear();
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    read.forEach(
        (id, record) -> {
          // each entry lives between half and all of the TTL: items read together do not all
          // expire together, so no single request pays for reloading a whole batch
          long life = ttlNanos / 2 + random.nextLong(ttlNanos / 2 + 1);
          cache.put(id, new Entry(record, now + life));
        });
    return read;
  }

  /** The records held for the ids, however old; ids never read are left out. */
  @Override
  public Map<String, ItemRecord> lastKnown(Collection<String> itemIds) {
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    for (String id : itemIds) {
      Entry e = cache.get(id);
      if (e != null) {
        out.put(id, e.record());
      }
    }
    return out;
  }

  /**
   * Drops the ids' entries: items another process changed or took down (the next read goes to the
   * store), e.g. as a replica's fresh-item feed hears of them.
   */
  public void forget(Collection<String> itemIds) {
    itemIds.forEach(cache::remove);
  }

  @Override
  public void putItems(Collection<Item> items) {
    delegate.putItems(items);
    items.forEach(i -> cache.remove(i.id()));
  }

  @Override
  public void takeDownItems(Collection<String> itemIds, java.time.Instant at) {
    delegate.takeDownItems(itemIds, at);
    itemIds.forEach(cache::remove);
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    ApplyResult r = delegate.apply(deltas);
    deltas.forEach(d -> cache.remove(d.itemId()));
    return r;
  }
}
