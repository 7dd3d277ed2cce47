package io.overdrive.catalogue;

import io.overdrive.domain.Item;
import java.time.Instant;
import java.util.List;

/**
 * An item of the fresh pool as a replica holds it: its record, its interests (as the ranking
 * derives them, {@code ItemInterests}) and when it entered the pool.
 */
public record FreshItem(Item item, List<String> interests, Instant at) {
  public FreshItem {
    interests = List.copyOf(interests);
  }

  public String id() {
    return item.id();
  }
}
