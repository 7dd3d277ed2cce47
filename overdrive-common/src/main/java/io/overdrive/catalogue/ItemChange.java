package io.overdrive.catalogue;

import io.overdrive.domain.Item;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of the item catalogue: an item posted (added or replaced, by id) or taken down. The
 * same object travels from the REST edge through Kafka ({@link CatalogueProto}) to the store and
 * the archive ({@code items-*.jsonl.gz}, {@link CatalogueArchive}).
 *
 * @param item the record, or null for a takedown
 * @param at when the API accepted the change; the archive keeps the latest change of an id by it
 */
public record ItemChange(String itemId, Item item, Instant at) {
  public ItemChange {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(at, "at");
    if (item != null && !item.id().equals(itemId)) {
      throw new IllegalArgumentException("item " + item.id() + " under id " + itemId);
    }
  }

  public static ItemChange upsert(Item item, Instant at) {
    return new ItemChange(item.id(), item, at);
  }

  public static ItemChange takedown(String itemId, Instant at) {
    return new ItemChange(itemId, null, at);
  }

  public boolean isTakedown() {
    return item == null;
  }
}
