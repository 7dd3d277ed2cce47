package io.overdrive.catalogue;

import io.overdrive.concurrent.Daemons;
import io.overdrive.domain.Item;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's view of the fresh pool (decision 0305): polls the {@link CatalogueLog} every {@link
 * FreshItemSettings#poll()}, reads the new items' records (one store round trip), keeps them with
 * their interests, newest first, and tells its listeners what arrived and what was taken down, so
 * each index holder (the API's in-process index, the serving node's ANN index) embeds fresh items
 * with its own model and deletes taken-down ones. The ranking draws candidates from it ({@code
 * FreshCandidates}).
 *
 * <p>The first poll reads the whole pool and the takedown log (a replica that starts late catches
 * up); later polls re-read the last {@link #OVERLAP} so an entry written with a slightly older time
 * by another writer (clock skew, a slow batch) is not missed; what was seen is not told twice.
 */
public final class FreshItemFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FreshItemFeed.class);

  /** How far back each poll reads again. */
  static final Duration OVERLAP = Duration.ofSeconds(10);

  /** Takedowns a replica remembers (to apply to an index it installs later). */
  static final int REMEMBERED_TAKEDOWNS = 100_000;

  /** How many of the newest items a request's fresh candidates are chosen from. */
  static final int CANDIDATE_SCAN = 1000;

  /** What a listener hears. Called on the polling thread, one call at a time. */
  public interface Listener {
    void arrived(List<FreshItem> items);

    void takenDown(Collection<String> itemIds);

    /**
     * Hands {@code forget} the ids of every item that arrived (posted or changed) or was taken
     * down: a cache of item reads (the rankers' {@code ItemCachingFeatureStore}) drops them, so the
     * next ranking reads them afresh instead of a TTL later.
     */
    static Listener onAnyChange(Consumer<Collection<String>> forget) {
      return new Listener() {
        @Override
        public void arrived(List<FreshItem> items) {
          forget.accept(items.stream().map(FreshItem::id).toList());
        }

        @Override
        public void takenDown(Collection<String> itemIds) {
          forget.accept(itemIds);
        }
      };
    }
  }

  private final CatalogueLog catalogueLog;
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;
  private final FreshItemSettings settings;
  private final Clock clock;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  // guarded by this
  private final LinkedHashMap<String, FreshItem> items = new LinkedHashMap<>();
  private final Map<String, Instant> seenTakedowns = new HashMap<>();
  private final LinkedHashSet<String> takedowns = new LinkedHashSet<>();
  private Instant freshCursor = Instant.EPOCH;
  private Instant takedownCursor = Instant.EPOCH;
  private volatile List<FreshItem> newestFirst = List.of();
  private ScheduledExecutorService poller;
  private volatile boolean failing;

  public FreshItemFeed(
      CatalogueLog catalogueLog,
      FeatureStore store,
      InterestTaxonomy taxonomy,
      FreshItemSettings settings,
      Clock clock) {
    this.catalogueLog = catalogueLog;
    this.store = store;
    this.taxonomy = taxonomy;
    this.settings = settings;
    this.clock = clock;
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Polls every {@link FreshItemSettings#poll()} on a daemon thread of its own. */
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    poller = Daemons.scheduler("fresh-item-feed");
    poller.scheduleWithFixedDelay(
        this::pollQuietly, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollQuietly() {
    try {
      poll();
      if (failing) {
        log.info("Fresh items: {} answers again", catalogueLog.describe());
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn(
            "Fresh items: cannot read {} ({}); retrying", catalogueLog.describe(), e.toString());
        failing = true;
      }
    }
  }

  /**
   * Reads what the pool and the takedown log gained since the last poll and tells the listeners.
   * The poller calls it; the standalone API also calls it right after applying a change, so its own
   * index has the item before the request returns.
   */
  public synchronized void poll() {
    Instant now = clock.instant();
    List<String> gone = takedowns(now);
    List<FreshItem> arrived = arrivals(now);
    if (!gone.isEmpty()) {
      listeners.forEach(l -> l.takenDown(gone));
    }
    if (!arrived.isEmpty()) {
      listeners.forEach(l -> l.arrived(arrived));
    }
  }

  private List<String> takedowns(Instant now) {
    List<CatalogueLog.Entry> entries =
        catalogueLog.takedownsSince(takedownCursor.minus(OVERLAP), REMEMBERED_TAKEDOWNS);
    List<String> gone = new ArrayList<>();
    for (CatalogueLog.Entry e : entries) {
      if (e.at().equals(seenTakedowns.get(e.itemId()))) {
        continue;
      }
      seenTakedowns.put(e.itemId(), e.at());
      takedowns.remove(e.itemId());
      takedowns.add(e.itemId());
      items.remove(e.itemId());
      gone.add(e.itemId());
      if (e.at().isAfter(takedownCursor)) {
        takedownCursor = e.at();
      }
    }
    while (takedowns.size() > REMEMBERED_TAKEDOWNS) {
      Iterator<String> oldest = takedowns.iterator();
      seenTakedowns.remove(oldest.next());
      oldest.remove();
    }
    if (!gone.isEmpty()) {
      publish(now);
    }
    return gone;
  }

  private List<FreshItem> arrivals(Instant now) {
    List<CatalogueLog.Entry> entries =
        catalogueLog.freshSince(freshCursor.minus(OVERLAP), settings.poolCapacity());
    Map<String, Instant> news = new LinkedHashMap<>();
    for (CatalogueLog.Entry e : entries) {
      FreshItem known = items.get(e.itemId());
      if (known == null || known.at().isBefore(e.at())) {
        news.put(e.itemId(), e.at());
      }
      if (e.at().isAfter(freshCursor)) {
        freshCursor = e.at();
      }
    }
    List<FreshItem> arrived = new ArrayList<>(news.size());
    if (!news.isEmpty()) {
      Map<String, ItemRecord> records = store.items(news.keySet());
      news.forEach(
          (id, at) -> {
            ItemRecord r = records.get(id);
            if (r == null || !r.known() || r.takenDown()) {
              return; // taken down since, or expired
            }
            Item item = r.item();
            FreshItem f = new FreshItem(item, ItemInterests.of(item, taxonomy).interests(), at);
            items.remove(id);
            items.put(id, f);
            takedowns.remove(id);
            arrived.add(f);
          });
    }
    boolean trimmed = trim(now);
    if (!arrived.isEmpty() || trimmed) {
      publish(now);
    }
    return arrived;
  }

  /** Drops items past the maximum age and the oldest beyond the capacity. */
  private boolean trim(Instant now) {
    Instant oldest = now.minus(settings.maxAge());
    boolean changed = false;
    Iterator<FreshItem> it = items.values().iterator();
    while (it.hasNext()) {
      FreshItem f = it.next();
      if (items.size() > settings.poolCapacity() || f.at().isBefore(oldest)) {
        it.remove();
        changed = true;
      } else {
        break;
      }
    }
    return changed;
  }

  private void publish(Instant now) {
    List<FreshItem> list = new ArrayList<>(items.values());
    list.sort(Comparator.comparing(FreshItem::at).reversed());
    newestFirst = List.copyOf(list);
  }

  /** The pool as this replica holds it, newest first. */
  public List<FreshItem> items() {
    return newestFirst;
  }

  /** Recent takedowns (an index installed later must delete them too). */
  public synchronized Set<String> recentTakedowns() {
    return Set.copyOf(takedowns);
  }

  /**
   * Up to {@code k} fresh items for a user: among the newest {@value #CANDIDATE_SCAN}, those on the
   * interests the user weighs most (declared and liked; an interest they dislike counts against),
   * the newer first among equals; never one of {@code excluded}.
   *
   * @param interestWeights the user's interest weights (e.g. {@code InterestProfile.combined})
   */
  public List<FreshItem> forUser(Map<String, Double> interestWeights, int k, Set<String> excluded) {
    if (k <= 0) {
      return List.of();
    }
    List<FreshItem> pool = newestFirst;
    int n = Math.min(pool.size(), CANDIDATE_SCAN);
    record Scored(FreshItem item, double match, int age) {}
    PriorityQueue<Scored> best =
        new PriorityQueue<>(Comparator.comparingDouble(Scored::match).thenComparing(s -> -s.age()));
    for (int i = 0; i < n; i++) {
      FreshItem f = pool.get(i);
      if (excluded.contains(f.id())) {
        continue;
      }
      double match = 0;
      for (String interest : f.interests()) {
        match += interestWeights.getOrDefault(interest, 0.0);
      }
      best.add(new Scored(f, match, i));
      if (best.size() > k) {
        best.poll();
      }
    }
    List<FreshItem> out = new ArrayList<>(best.size());
    while (!best.isEmpty()) {
      out.add(best.poll().item());
    }
    java.util.Collections.reverse(out);
    return out;
  }

  public FreshItemSettings settings() {
    return settings;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }
}
