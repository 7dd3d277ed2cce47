package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;

/** What the store knows of an item: its catalogue record (may be bare) and its stats. */
public record ItemRecord(Item item, ItemStats stats, boolean known) {
  public static ItemRecord unknown(String id) {
    return new ItemRecord(Item.withId(id), ItemStats.EMPTY, false);
  }
}
