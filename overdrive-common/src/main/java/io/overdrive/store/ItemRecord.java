package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import java.time.Instant;

/**
 * What the store knows of an item: its catalogue record (may be bare) and its stats.
 *
 * @param known whether the catalogue holds a record of the item
 * @param takenDownAt when the item was taken down ({@code DELETE /items/{id}}), or null; a
 *     taken-down item has no record and is never served
 */
public record ItemRecord(Item item, ItemStats stats, boolean known, Instant takenDownAt) {
  public ItemRecord(Item item, ItemStats stats, boolean known) {
    this(item, stats, known, null);
  }

  public static ItemRecord unknown(String id) {
    return new ItemRecord(Item.withId(id), ItemStats.EMPTY, false);
  }

  public boolean takenDown() {
    return takenDownAt != null;
  }
}
