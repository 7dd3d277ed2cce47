package io.overdrive.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The shared record of recent catalogue changes that every holder of an item index follows
 * (decision 0305): the <em>fresh pool</em> (items posted recently, by the time they were applied)
 * and the <em>takedown log</em>. Whoever applies catalogue changes writes it (the consumer, or the
 * standalone API); every API and serving replica polls it with {@link FreshItemFeed}, embeds the
 * new items with its model's item tower and deletes what was taken down. Adapters: {@link
 * InMemoryCatalogueLog} (standalone), {@code io.overdrive.store.RedisCatalogueLog}.
 */
public interface CatalogueLog {

  /**
   * Notes items as fresh at {@code at} (an id noted again moves to {@code at}) and drops from the
   * pool what was noted before {@code at - maxAge}, and the oldest beyond {@code capacity}.
   */
  void addFresh(Collection<String> itemIds, Instant at, Duration maxAge, int capacity);

  /**
   * Logs takedowns at {@code at}, removes the items from the pool, and forgets takedowns logged
   * before {@code at - retention} or beyond {@code capacity}.
   */
  void addTakedowns(Collection<String> itemIds, Instant at, Duration retention, int capacity);

  /** Pool entries noted at or after {@code since}, oldest first, at most {@code max}. */
  List<Entry> freshSince(Instant since, int max);

  /** Takedowns logged at or after {@code since}, oldest first, at most {@code max}. */
  List<Entry> takedownsSince(Instant since, int max);

  /** "in-memory" or the Redis address. */
  String describe();

  /** An item id and when it was noted. */
  record Entry(String itemId, Instant at) {}
}
