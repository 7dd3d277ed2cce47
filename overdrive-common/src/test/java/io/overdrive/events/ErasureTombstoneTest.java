package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.ErasedUsers;
import io.overdrive.store.Erasures;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisKeys;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisCluster;
import io.overdrive.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Erasure leaves a tombstone: events of the erased user's past that arrive afterwards (a late
 * delivery, a retry of one already applied) are not learned, while the user's events after the
 * erasure are, in memory and against a real {@code redis-server}.
 */
class ErasureTombstoneTest {
  private final LearningSettings learning = LearningSettings.defaults();
  private final InteractionUpdater updater =
      new InteractionUpdater(InterestTaxonomy.loadDefault(), learning);

  @Test
  void inMemory() {
    FeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    lateEventsOfAnErasedUserAreNotLearned(store);
  }

  @Test
  void inRedis() {
    try (RedisServer redis = RedisServer.start();
        RedisFeatureStore store =
            RedisFeatureStore.connect(RedisStoreSettings.of(redis.url()), learning)) {
      lateEventsOfAnErasedUserAreNotLearned(store);
      // the tombstone keeps a hash of the id, not the id
      assertThat(redis.command("ZRANGE", RedisKeys.erasures(), "0", "-1"))
          .isEqualTo(Erasures.hash("gone"))
          .doesNotContain("gone");
    }
  }

  /**
   * On a Redis Cluster the tombstones and their version are keys of their own (no user's hash tag:
   * no command or script uses them with a user's keys), on different nodes; another process's
   * cached tombstones must still see every erasure at once.
   */
  @Test
  void onACluster() {
    try (RedisCluster cluster = RedisCluster.start();
        RedisFeatureStore store =
            RedisFeatureStore.connect(RedisStoreSettings.of(cluster.url()), learning);
        RedisFeatureStore other =
            RedisFeatureStore.connect(RedisStoreSettings.of(cluster.url()), learning)) {
      lateEventsOfAnErasedUserAreNotLearned(store);
      assertThat(other.erasures().has("gone")).isTrue();
      for (int i = 0; i < 30; i++) {
        store.putProfile(new UserProfile("u" + i, List.of("food"), "", List.of(), null));
        assertThat(store.eraseUser("u" + i)).isTrue();
        assertThat(other.erasures().has("u" + i)).as("u%d seen by another reader", i).isTrue();
      }
      try (ErasedUsers erased = ErasedUsers.watching(other, Duration.ofMillis(50))) {
        assertThat(erased.erased("u7")).isTrue();
        assertThat(erased.erased("stays")).isFalse();
      }
    }
  }

  private void lateEventsOfAnErasedUserAreNotLearned(FeatureStore store) {
    EventIngestor ingestor = new EventIngestor(store, updater);
    Instant past = Instant.now().minusSeconds(60);
    Interaction first = like("e1", "gone", past);
    assertThat(ingestor.ingest(List.of(first, like("e2", "stays", past))).applied()).isEqualTo(2);

    assertThat(store.eraseUser("gone")).isTrue();
    assertThat(store.erasures().erased("gone", past.toEpochMilli())).isTrue();

    Interaction retried = first;
    Interaction late = like("e3", "gone", past.plusSeconds(1));
    assertThat(ingestor.withoutErased(List.of(retried, late, like("e4", "stays", past))))
        .extracting(Interaction::eventId)
        .containsExactly("e4");
    assertThat(ingestor.ingest(List.of(retried, late)).applied()).isZero();
    assertThat(store.user("gone", Instant.now()).meaningfulInteractions()).isZero();

    // the user comes back: what happens after the erasure is learned afresh
    Interaction after = like("e5", "gone", Instant.now().plusSeconds(5));
    assertThat(ingestor.ingest(List.of(after)).applied()).isEqualTo(1);
    assertThat(store.user("gone", Instant.now().plusSeconds(6)).meaningfulInteractions())
        .isEqualTo(1);
  }

  private static Interaction like(String id, String user, Instant at) {
    return new Interaction(
        id,
        user,
        "item-" + id,
        "a1",
        InteractionType.LIKE,
        0,
        null,
        null,
        "for_you",
        null,
        at,
        List.of("gaming"));
  }
}
