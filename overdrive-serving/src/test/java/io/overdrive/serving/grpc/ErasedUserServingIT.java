package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.EventIngestor;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.ModelFixtures;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.serving.index.LiveIndex;
import io.overdrive.store.FeatureStore;
import io.overdrive.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving node honours erasure, over gRPC on its Netty server with a real Redis and a model
 * with a user tower: before the erasure a search by user id uses the user's id embedding; right
 * after it the user is unknown (NOT_FOUND: nothing is left to embed); when they come back their
 * query is built from what they did since, without the id's learned row (which a model trained
 * before the erasure learned from their erased past), for the dedup window the rest of the system
 * uses, and no longer.
 */
class ErasedUserServingIT {
  /** The node's dedup window: long enough for the steps after the erasure, short for a test. */
  private static final Duration WINDOW = Duration.ofSeconds(15);

  @TempDir Path models;

  @Test
  void anErasedUserGetsNoIdEmbeddingFromAModelTrainedBeforeTheErasure() {
    RedisServer redis = RedisServer.shared();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ids.add("e-item" + i);
    }
    ModelFixtures.publish(models, "m1", ids, 5);
    try (TestNode node =
        TestNode.start(
            models,
            null,
            "exact",
            "Flat",
            "overdrive.redis-url=" + redis.url(),
            "overdrive.dedup-window-seconds=" + WINDOW.toSeconds())) {
      node.awaitServing();
      FeatureStore store = node.context.getBean(FeatureStore.class);
      LiveIndex live = node.context.getBean(LiveIndex.class);
      InterestTaxonomy taxonomy = node.context.getBean(InterestTaxonomy.class);
      double parentShare = node.context.getBean(LearningSettings.class).parentShare();
      TwoTowerModel tower = live.current().orElseThrow().userTower();
      assertThat(tower).as("the fixture's version has a user tower").isNotNull();
      EventIngestor ingestor =
          new EventIngestor(store, new InteractionUpdater(taxonomy, LearningSettings.defaults()));
      String user = "erase-me-" + System.nanoTime();
      store.putProfile(new UserProfile(user, List.of("travel"), "", List.of(), Instant.now()));
      Instant t = Instant.now().minusSeconds(30);
      ingestor.ingest(
          List.of(
              Interaction.of(user + "-1", user, "e-item1", InteractionType.LIKE, t),
              Interaction.of(
                  user + "-2", user, "e-item2", InteractionType.LIKE, t.plusSeconds(1))));

      List<String> before = search(node, user);
      assertThat(before)
          .isEqualTo(searchVector(node, query(tower, user, store, taxonomy, parentShare, true)));

      assertThat(store.eraseUser(user)).isTrue();
      long erasedAt = System.nanoTime();
      assertThatThrownBy(() -> search(node, user))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

      // back after the erasure, with the same likes as before: only the id's row differs
      Instant after = Instant.now().plusSeconds(1);
      ingestor.ingest(
          List.of(
              Interaction.of(user + "-3", user, "e-item1", InteractionType.LIKE, after),
              Interaction.of(
                  user + "-4", user, "e-item2", InteractionType.LIKE, after.plusSeconds(1))));
      float[] withId = query(tower, user, store, taxonomy, parentShare, true);
      float[] withoutId = query(tower, user, store, taxonomy, parentShare, false);
      List<String> expected = searchVector(node, withoutId);
      assertThat(expected)
          .as("the id's row changes the answer, so the test can tell")
          .isNotEqualTo(searchVector(node, withId));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(search(node, user)).isEqualTo(expected));

      // the tombstone lasts the dedup window the consumer uses (OVERDRIVE_DEDUP_WINDOW_SECONDS),
      // then the id's row is used again, as for any user
      List<String> withIdAgain = searchVector(node, withId);
      await()
          .atMost(WINDOW.multipliedBy(4))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(search(node, user)).isEqualTo(withIdAgain));
      assertThat(Duration.ofNanos(System.nanoTime() - erasedAt))
          .as("not before the window ended")
          .isGreaterThan(WINDOW.minusSeconds(1));
    }
  }

  private static float[] query(
      TwoTowerModel tower,
      String user,
      FeatureStore store,
      InterestTaxonomy taxonomy,
      double parentShare,
      boolean withId) {
    UserFeatures f = store.user(user, Instant.now());
    return tower.userVector(
        withId ? user : null, InterestProfile.of(f, taxonomy, parentShare), f.recentItems());
  }

  private static List<String> search(TestNode node, String user) {
    return ServingNodeIT.ids(
        node.retrieval().search(SearchRequest.newBuilder().setUserId(user).setK(20).build()));
  }

  private static List<String> searchVector(TestNode node, float[] v) {
    return ServingNodeIT.ids(node.retrieval().search(ServingNodeIT.vectorQuery(v, 20)));
  }
}
