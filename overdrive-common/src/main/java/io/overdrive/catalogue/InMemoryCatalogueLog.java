package io.overdrive.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The standalone {@link CatalogueLog}: two time-ordered sets in this JVM. */
public final class InMemoryCatalogueLog implements CatalogueLog {
  private final Log fresh = new Log();
  private final Log takedowns = new Log();

  @Override
  public void addFresh(Collection<String> itemIds, Instant at, Duration maxAge, int capacity) {
    fresh.add(itemIds, at, at.minus(maxAge), capacity);
  }

  @Override
  public void addTakedowns(
      Collection<String> itemIds, Instant at, Duration retention, int capacity) {
    fresh.remove(itemIds);
    takedowns.add(itemIds, at, at.minus(retention), capacity);
  }

  @Override
  public List<Entry> freshSince(Instant since, int max) {
    return fresh.since(since, max);
  }

  @Override
  public List<Entry> takedownsSince(Instant since, int max) {
    return takedowns.since(since, max);
  }

  @Override
  public String describe() {
    return "in-memory";
  }

  /** A sorted set of (time, id), like Redis's. */
  private static final class Log {
    private final Map<String, Instant> byId = new HashMap<>();
    private final TreeSet<Entry> byTime =
        new TreeSet<>(
            (a, b) -> {
              int c = a.at().compareTo(b.at());
              return c != 0 ? c : a.itemId().compareTo(b.itemId());
            });

    synchronized void add(Collection<String> ids, Instant at, Instant oldest, int capacity) {
      for (String id : ids) {
        Instant before = byId.put(id, at);
        if (before != null) {
          byTime.remove(new Entry(id, before));
        }
        byTime.add(new Entry(id, at));
      }
      while (!byTime.isEmpty()
          && (byTime.size() > capacity || byTime.first().at().isBefore(oldest))) {
        byId.remove(byTime.pollFirst().itemId());
      }
    }

    synchronized void remove(Collection<String> ids) {
      for (String id : ids) {
        Instant at = byId.remove(id);
        if (at != null) {
          byTime.remove(new Entry(id, at));
        }
      }
    }

    synchronized List<Entry> since(Instant since, int max) {
      List<Entry> out = new ArrayList<>();
      for (Entry e : byTime.tailSet(new Entry("", since), true)) {
        if (out.size() == max) {
          break;
        }
        out.add(e);
      }
      return out;
    }
  }
}
