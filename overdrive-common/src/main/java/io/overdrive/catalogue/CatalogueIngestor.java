package io.overdrive.catalogue;

import io.overdrive.domain.Item;
import io.overdrive.events.ArchiveParts;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.CatalogueJson;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies catalogue changes, the same way in the standalone API and in the Kafka consumer (as
 * {@code EventIngestor} does for interactions): item records to the feature store (the item hash's
 * record, or its takedown mark), fresh items and takedowns to the {@link CatalogueLog} that every
 * index holder follows, and every change to the archive's {@code items-*} / {@code users-*} parts.
 * Signup profiles are written to the store by the API itself (read-your-writes at signup); here
 * they are archived.
 */
public final class CatalogueIngestor {
  /** Takedowns stay in the log this long: longer than any model version is used. */
  public static final Duration TAKEDOWN_RETENTION = Duration.ofDays(30);

  public static final int TAKEDOWN_LOG_CAPACITY = 100_000;

  private final FeatureStore store;
  private final CatalogueLog catalogueLog;
  private final FreshItemSettings fresh;
  private final Optional<ArchiveWriter> archive;
  private final Clock clock;

  public CatalogueIngestor(
      FeatureStore store,
      CatalogueLog catalogueLog,
      FreshItemSettings fresh,
      Optional<ArchiveWriter> archive,
      Clock clock) {
    this.store = store;
    this.catalogueLog = catalogueLog;
    this.fresh = fresh;
    this.archive = archive;
    this.clock = clock;
  }

  /** What applying a batch did. */
  public record Applied(int upserted, int takenDown, int fresh) {}

  /**
   * Applies the changes in order: of several changes of one id in the batch the last counts (one
   * id's changes come in order: one partition of the items topic, or one request).
   */
  public Applied applyItems(List<ItemChange> changes) {
    if (changes.isEmpty()) {
      return new Applied(0, 0, 0);
    }
    Map<String, ItemChange> last = new LinkedHashMap<>();
    for (ItemChange c : changes) {
      last.remove(c.itemId());
      last.put(c.itemId(), c);
    }
    List<Item> upserts = new ArrayList<>();
    List<String> takedowns = new ArrayList<>();
    Instant takenDownAt = null;
    for (ItemChange c : last.values()) {
      if (c.isTakedown()) {
        takedowns.add(c.itemId());
        takenDownAt = takenDownAt == null || c.at().isAfter(takenDownAt) ? c.at() : takenDownAt;
      } else {
        upserts.add(c.item());
      }
    }
    Instant now = clock.instant();
    List<String> freshIds = new ArrayList<>();
    if (!upserts.isEmpty()) {
      // a restored item re-enters every index whatever its age
      Map<String, ItemRecord> before = store.items(upserts.stream().map(Item::id).toList());
      store.putItems(upserts);
      Instant oldest = now.minus(fresh.maxAge());
      for (Item i : upserts) {
        ItemRecord was = before.get(i.id());
        if (i.createdAt() == null
            || !i.createdAt().isBefore(oldest)
            || (was != null && was.takenDown())) {
          freshIds.add(i.id());
        }
      }
      catalogueLog.addFresh(freshIds, now, fresh.maxAge(), fresh.poolCapacity());
    }
    if (!takedowns.isEmpty()) {
      store.takeDownItems(takedowns, takenDownAt);
      catalogueLog.addTakedowns(takedowns, now, TAKEDOWN_RETENTION, TAKEDOWN_LOG_CAPACITY);
    }
    archive.ifPresent(
        a ->
            a.appendLines(
                ArchiveParts.ITEMS,
                changes.stream().map(CatalogueJson::itemChangeToJson).toList()));
    return new Applied(upserts.size(), takedowns.size(), freshIds.size());
  }

  /** Archives profile changes and erasures (the archive's {@code users-*} parts). */
  public void applyUsers(List<UserChange> changes) {
    archive.ifPresent(
        a ->
            a.appendLines(
                ArchiveParts.USERS,
                changes.stream().map(CatalogueJson::userChangeToJson).toList()));
  }

  public boolean archives() {
    return archive.isPresent();
  }
}
