package io.overdrive.consumer;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.ItemStats;
import io.overdrive.store.FeatureStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Interactions with ids under a prefix, so tests sharing a topic and a Redis do not collide. */
final class TestEvents {
  static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
  private static final InteractionType[] TYPES = {
    InteractionType.IMPRESSION,
    InteractionType.VIEW,
    InteractionType.LIKE,
    InteractionType.SKIP,
    InteractionType.SHARE,
    InteractionType.IMPRESSION,
    InteractionType.COMMENT
  };

  private TestEvents() {}

  static int users() {
    return 17;
  }

  static int items() {
    return 23;
  }

  static List<Interaction> events(String prefix, int from, int n) {
    List<Interaction> out = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      InteractionType type = TYPES[i % TYPES.length];
      out.add(
          new Interaction(
              prefix + "e" + i,
              prefix + "u" + (i % users()),
              prefix + "i" + (i % items()),
              prefix + "a" + (i % 5),
              type,
              type == InteractionType.VIEW ? 12_000 : 0,
              null,
              i % 10,
              "for_you",
              null,
              T0.plusSeconds(i),
              List.of(i % 2 == 0 ? "gaming" : "food")));
    }
    return out;
  }

  /** Every counter of every item under the prefix: each event counts on exactly one. */
  static long countedOnItems(FeatureStore store, String prefix) {
    List<String> ids = IntStream.range(0, items()).mapToObj(i -> prefix + "i" + i).toList();
    return store.items(ids).values().stream().mapToLong(r -> total(r.stats())).sum();
  }

  static long total(ItemStats s) {
    return s.impressions()
        + s.views()
        + s.likes()
        + s.shares()
        + s.comments()
        + s.follows()
        + s.skips()
        + s.notInterested()
        + s.reports();
  }
}
