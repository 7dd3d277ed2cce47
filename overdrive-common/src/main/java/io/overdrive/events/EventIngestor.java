package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.store.Erasures;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.FeatureStore.ApplyResult;
import io.overdrive.store.ItemRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies interactions to a feature store: fills each event's author and hashtags from the
 * catalogue where the client did not send them, turns it into a {@link FeatureDelta} and applies
 * the batch. The standalone API and the Kafka consumer both learn through this class.
 */
public final class EventIngestor {
  private final FeatureStore store;
  private final InteractionUpdater updater;
  private final InterestHistory history;

  public EventIngestor(FeatureStore store, InteractionUpdater updater) {
    this(store, updater, null);
  }

  /** With {@code history} (or null): users whose events were applied are marked for a snapshot. */
  public EventIngestor(FeatureStore store, InteractionUpdater updater, InterestHistory history) {
    this.store = store;
    this.updater = updater;
    this.history = history;
  }

  /**
   * Applies the events, except those of an erased user's past (the store's erasure tombstones). If
   * a user of the batch was erased while it was being applied, the user is erased again, so an
   * erasure racing a batch is not undone by it.
   */
  public ApplyResult ingest(List<Interaction> events) {
    if (events.isEmpty()) {
      return ApplyResult.NONE;
    }
    Erasures before = store.erasures();
    List<Interaction> kept = before.keep(events);
    if (kept.isEmpty()) {
      return ApplyResult.NONE;
    }
    ApplyResult result = store.apply(deltas(kept));
    if (history != null) {
      history.observe(kept);
    }
    Erasures after = store.erasures();
    if (after != before && !after.isEmpty()) {
      Set<String> erasedMeanwhile = new LinkedHashSet<>();
      for (Interaction e : kept) {
        long t = e.timestamp().toEpochMilli();
        if (after.erased(e.userId(), t) && !before.erased(e.userId(), t)) {
          erasedMeanwhile.add(e.userId());
        }
      }
      erasedMeanwhile.forEach(store::eraseUser);
    }
    return result;
  }

  /** The events an erasure tombstone does not cover (what may be learned and archived). */
  public List<Interaction> withoutErased(List<Interaction> events) {
    return store.erasures().keep(events);
  }

  /** The deltas of the events, with item context filled from one catalogue round trip. */
  public List<FeatureDelta> deltas(List<Interaction> events) {
    Set<String> missing = new LinkedHashSet<>();
    for (Interaction e : events) {
      if (e.authorId() == null || e.hashtags().isEmpty()) {
        missing.add(e.itemId());
      }
    }
    Map<String, ItemRecord> known = missing.isEmpty() ? Map.of() : store.items(missing);
    List<FeatureDelta> deltas = new ArrayList<>(events.size());
    for (Interaction e : events) {
      ItemRecord r = known.get(e.itemId());
      Interaction filled = e;
      if (r != null && r.known()) {
        Item item = r.item();
        filled = e.withItemContext(item.authorId(), item.hashtags());
      }
      deltas.add(updater.delta(filled));
    }
    return deltas;
  }

  public FeatureStore store() {
    return store;
  }

  public InteractionUpdater updater() {
    return updater;
  }
}
