package io.overdrive.retrieval;

import io.overdrive.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest items this process has heard of (the catalogue it loaded, candidates gateways sent,
 * items of interactions), most recent first: the candidates of last resort when a request brings
 * none and no learned model can retrieve yet (a fresh install). Not a similarity search: it ignores
 * the query, and the ranking pipeline then orders what it returns by the user's interests, quality
 * and freshness as for any candidates. Bounded; the oldest entries give way.
 */
public final class RecentCatalogue implements Retriever {
  public static final String VERSION = "recent-catalogue";

  /** Item ids an app's catalogue keeps by default: the newest 20,000 (about 2 MB). */
  public static final int DEFAULT_CAPACITY = 20_000;

  private final int capacity;
  private final LinkedHashMap<String, Boolean> ids;

  /**
   * @param capacity most item ids kept
   */
  public RecentCatalogue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    // access order: putting an id already held moves its entry to the newest end in place (a
    // remove and put per candidate allocated a node each and hashed twice, ~9% of an ids request)
    this.ids =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RecentCatalogue.this.capacity;
          }
        };
  }

  /** Notes items as the newest (an id seen again moves to the front). */
  public void add(Collection<String> itemIds) {
    synchronized (ids) {
      for (String id : itemIds) {
        if (id != null && !id.isBlank()) {
          ids.put(id, Boolean.TRUE);
        }
      }
    }
  }

  /** Forgets items (taken down). */
  public void remove(Collection<String> itemIds) {
    synchronized (ids) {
      itemIds.forEach(ids::remove);
    }
  }

  /** The newest {@code k} items not excluded, scored from 1 down by recency. */
  public List<ScoredItem> newest(int k, Set<String> excluded) {
    if (k <= 0) {
      throw new InvalidInputException("k", "must be positive, got " + k);
    }
    List<String> snapshot;
    synchronized (ids) {
      snapshot = new ArrayList<>(ids.keySet());
    }
    List<ScoredItem> out = new ArrayList<>(Math.min(k, snapshot.size()));
    for (int i = snapshot.size() - 1; i >= 0 && out.size() < k; i--) {
      String id = snapshot.get(i);
      if (!excluded.contains(id)) {
        out.add(new ScoredItem(id, 1.0f - (float) out.size() / k));
      }
    }
    return out;
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return newest(k, excluded);
  }

  @Override
  public List<ScoredItem> searchForUser(String userId, int k, Set<String> excluded) {
    return newest(k, excluded);
  }

  @Override
  public int dimension() {
    return 0;
  }

  @Override
  public long size() {
    synchronized (ids) {
      return ids.size();
    }
  }

  @Override
  public String modelVersion() {
    return VERSION;
  }
}
