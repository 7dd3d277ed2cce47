package io.overdrive.ranking.hydrator;

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

  /** What an item's content yields. */
  record Derived(ItemInterests interests, MediaFeatures media) {}

  /** An item's content: the item's lists are immutable copies, so they are safe keys. */
  private record Key(String text, List<String> hashtags, List<String> mediaTypes) {}

  private final InterestTaxonomy taxonomy;
  private final ConcurrentHashMap<Key, Derived> known = new ConcurrentHashMap<>();

  ContentFeatures(InterestTaxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  Derived of(Item item) {
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
        MediaFeatures.of(item.mediaTypes()));
  }

  int size() {
    return known.size();
  }
}
