package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The history of learned interests the console's User page draws, in both stores. */
class InterestHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  private final LearningSettings learning = LearningSettings.defaults();
  private final InteractionUpdater updater =
      new InteractionUpdater(InterestTaxonomy.loadDefault(), learning);

  private InMemoryFeatureStore memoryStore() {
    return new InMemoryFeatureStore(
        learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
  }

  @Test
  void aUserWhoseTasteMovesShowsTheMoveInTheirHistory() {
    aShiftFromGamingToFoodIsRecorded(memoryStore());
  }

  @Test
  void inRedis() {
    try (RedisServer redis = RedisServer.start();
        RedisFeatureStore store =
            RedisFeatureStore.connect(RedisStoreSettings.of(redis.url()), learning)) {
      aShiftFromGamingToFoodIsRecorded(store);
    }
  }

  private void aShiftFromGamingToFoodIsRecorded(FeatureStore store) {
    // three hours of likes, a batch every 10 minutes: gaming first, then food takes over
    likeOneByOne(
        store, 18, b -> T0.plus(Duration.ofMinutes(10L * b)), b -> b < 6 ? "gaming" : "food");

    List<InterestSnapshot> points = store.interestHistory("u1");
    // one per hour of event time (three), at the latest event seen when each was taken
    assertThat(points).hasSize(3);
    assertThat(points).extracting(InterestSnapshot::at).isSorted();
    assertThat(points.get(0).at()).isEqualTo(T0);
    assertThat(points.get(0).interests().keySet()).first().isEqualTo("gaming");
    assertThat(points.get(2).interests().keySet()).first().isEqualTo("food");
    assertThat(points.get(2).interactions()).isGreaterThan(points.get(0).interactions());
    assertThat(points.get(0).authors()).containsKey("author-i0");
  }

  @Test
  void manyEventsWithinOneHourStillGiveNewPoints() {
    InMemoryFeatureStore store = memoryStore();
    likeOneByOne(store, 3 * InterestHistory.EVERY_EVENTS, T0::plusSeconds, i -> "gaming");
    assertThat(store.interestHistory("u1")).hasSize(3);
  }

  @Test
  void aUserErasedBeforeTheSnapshotLeavesNoHistory() {
    InMemoryFeatureStore store = memoryStore();
    InterestHistory history = new InterestHistory(store);
    EventIngestor ingestor = new EventIngestor(store, updater, history);
    Instant past = Instant.now().minusSeconds(60);
    ingestor.ingest(
        List.of(
            like("e1", "gone", "i1", "gaming", past), like("e2", "stays", "i2", "gaming", past)));
    store.eraseUser("gone");

    assertThat(history.drain()).isEqualTo(1);
    assertThat(store.interestHistory("gone")).isEmpty();
    assertThat(store.interestHistory("stays")).hasSize(1);
  }

  @Test
  void whenMoreUsersAreDueThanItHoldsTheRestWaitForTheirNextEvents() {
    InMemoryFeatureStore store = memoryStore();
    InterestHistory history = new InterestHistory(store);
    EventIngestor ingestor = new EventIngestor(store, updater, history);
    List<Interaction> batch = new ArrayList<>();
    for (int u = 0; u < InterestHistory.MAX_PENDING + 5; u++) {
      batch.add(like("e" + u, "u" + u, "i1", "gaming", T0));
    }
    ingestor.ingest(batch);
    assertThat(history.drain()).isEqualTo(InterestHistory.MAX_PENDING);
    // the five left out are still due: their next event gets them a point
    ingestor.ingest(List.of(like("late", "u" + InterestHistory.MAX_PENDING, "i2", "gaming", T0)));
    assertThat(history.drain()).isEqualTo(1);
  }

  /** u1 likes item i0, i1, ... each at its time with its hashtag, each batch then snapshotted. */
  private void likeOneByOne(
      FeatureStore store, int n, IntFunction<Instant> time, IntFunction<String> tag) {
    InterestHistory history = new InterestHistory(store);
    EventIngestor ingestor = new EventIngestor(store, updater, history);
    for (int i = 0; i < n; i++) {
      ingestor.ingest(List.of(like("e" + i, "u1", "i" + i, tag.apply(i), time.apply(i))));
      history.drain();
    }
  }

  private static Interaction like(String id, String user, String item, String tag, Instant at) {
    return new Interaction(
        id,
        user,
        item,
        "author-" + item,
        InteractionType.LIKE,
        0,
        null,
        null,
        null,
        null,
        at,
        List.of(tag));
  }
}
