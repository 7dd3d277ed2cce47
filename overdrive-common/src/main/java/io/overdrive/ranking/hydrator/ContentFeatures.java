package io.overdrive.ranking.hydrator;

import io.overdrive.concurrent.TwoWayTable;
import io.overdrive.domain.Item;
import io.overdrive.features.MediaFeatures;
import io.overdrive.features.TextFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ranker derives from a post's own content — its interests (hashtags, hashtags written in
 * the text, their groupings) and its media — computed once per distinct content and remembered. The
 * same posts are candidates of many requests (a gateway describes each the same way every time; the
 * catalogue serves the same records), and deriving them again scanned the text, normalised each
 * hashtag and allocated ~1 KB per candidate. The result depends on nothing but the content and the
 * taxonomy, which is fixed for the hydrator's life, so a remembered value is never stale.
 *
 * <p>Bounded by {@link #MAX_ENTRIES}: when full it starts over (one recomputation per content),
 * which costs less than tracking recency on the hot path. Thread-safe.
 */
final class ContentFeatures {
  /** Distinct contents remembered; ~300 bytes each. */
  static final int MAX_ENTRIES = 20_000;

  /**
   * What an item's content yields.
   *
   * @param logTextLength {@code ln(1 + the text's length)}, the {@code log_text_length} slot
   */
  record Derived(ItemInterests interests, MediaFeatures media, double logTextLength) {}

  /** An item's content: the item's lists are immutable copies, so they are safe keys. */
  private record Key(String text, List<String> hashtags, List<String> mediaTypes) {}

  /** Slots of the last items looked up, by id, two per pair: {@code 2^RECENT_BITS}. */
  private static final int RECENT_BITS = 14;

  /** An item object and what its content yields. */
  private record Recent(Item item, Derived derived) {}

  private final InterestTaxonomy taxonomy;
  private final ConcurrentHashMap<Key, Derived> known = new ConcurrentHashMap<>();

  /**
   * The last item objects looked up, two per pair of slots chosen by the id. The same {@link Item}
   * object comes back request after request (the item cache's records for candidates named by id,
   * the API's request reader's for described ones), and recognising it by identity saves hashing
   * and comparing its text and lists into the content key (~12% of a ranking's CPU before). Racy by
   * design (see the table): slots hold immutable records, a lost write costs a lookup by content.
   */
  private final TwoWayTable<Recent> recent = new TwoWayTable<>(RECENT_BITS);

  ContentFeatures(InterestTaxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  Derived of(Item item) {
    int hash = item.id().hashCode();
    Recent same = recent.find(hash, item, (r, i) -> r.item() == i);
    if (same != null) {
      return same.derived();
    }
    Derived d = byContent(item);
    recent.put(hash, new Recent(item, d));
    return d;
  }

  private Derived byContent(Item item) {
    Key key = new Key(item.text(), item.hashtags(), item.mediaTypes());
    Derived d = known.get(key);
    if (d == null) {
      d = derive(item, taxonomy);
      if (known.size() >= MAX_ENTRIES) {
        known.clear();
      }
      known.put(key, d);
    }
    return d;
  }

  /** The derivation itself, as the ranker always did it. */
  static Derived derive(Item item, InterestTaxonomy taxonomy) {
    return new Derived(
        ItemInterests.of(item.hashtags(), TextFeatures.hashtagsIn(item.text()), taxonomy),
        MediaFeatures.of(item.mediaTypes()),
        Math.log1p(item.text() == null ? 0 : item.text().length()));
  }

  int size() {
    return known.size();
  }
}
