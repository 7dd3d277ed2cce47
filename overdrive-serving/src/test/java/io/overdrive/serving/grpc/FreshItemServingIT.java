package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.catalogue.CatalogueIngestor;
import io.overdrive.catalogue.FreshItem;
import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.catalogue.FreshItemVectors;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.domain.Item;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelFixtures;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.RankedItem;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving node follows the catalogue the consumer writes to Redis (decision 0305): a fresh item
 * is embedded by the served version's item tower and found by a search near its vector within
 * seconds, and a takedown removes it from the index and from ForYou, also in a model version
 * installed afterwards.
 */
class FreshItemServingIT {
  @TempDir Path models;

  @Test
  void aFreshItemJoinsTheNodesIndexAndItsTakedownLeavesItForGood() throws Exception {
    RedisServer redis = RedisServer.shared();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add("old" + i);
    }
    LoadedModel model = ModelFixtures.publish(models, "m1", ids, 3);
    RedisFeatureStore store =
        (RedisFeatureStore)
            RedisFeatureStore.connect(
                RedisStoreSettings.of(redis.url()), LearningSettings.defaults());
    CatalogueIngestor consumer =
        new CatalogueIngestor(
            store,
            store.catalogueLog(),
            FreshItemSettings.defaults(),
            Optional.empty(),
            Clock.systemUTC());
    try (TestNode node =
        TestNode.start(
            models,
            null,
            "exact",
            "Flat",
            "overdrive.redis-url=" + redis.url(),
            "overdrive.fresh-item-poll=50ms")) {
      node.awaitServing();
      Instant now = Instant.now();
      Item fresh =
          new Item(
              "srv-fresh",
              "srv-author",
              "a night hike to the summit",
              List.of("travel", "hiking"),
              List.of("video"),
              now,
              null,
              null);
      consumer.applyItems(List.of(ItemChange.upsert(fresh, now)));
      float[] vector =
          FreshItemVectors.embed(
                  model.twoTower().orElseThrow(),
                  List.of(
                      new FreshItem(
                          fresh,
                          ItemInterests.of(fresh, InterestTaxonomy.loadDefault()).interests(),
                          now)),
                  id -> false)
              .get("srv-fresh");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          ServingNodeIT.ids(
                              node.retrieval().search(ServingNodeIT.vectorQuery(vector, 5))))
                      .first()
                      .isEqualTo("srv-fresh"));
      store.putProfile(
          new io.overdrive.domain.UserProfile(
              "srv-hiker", List.of("travel"), "", List.of(), Instant.now()));
      assertThat(forYou(node, "srv-hiker")).contains("srv-fresh");

      consumer.applyItems(List.of(ItemChange.takedown("srv-fresh", Instant.now())));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          ServingNodeIT.ids(
                              node.retrieval().search(ServingNodeIT.vectorQuery(vector, 50))))
                      .doesNotContain("srv-fresh"));
      assertThat(forYou(node, "srv-hiker")).doesNotContain("srv-fresh");
      ForYouResponse named =
          node.ranking()
              .forYou(
                  ForYouRequest.newBuilder()
                      .setUserId("srv-hiker")
                      .addCandidateIds("srv-fresh")
                      .addCandidateIds("old1")
                      .build());
      assertThat(named.getItemsList()).extracting(RankedItem::getId).containsExactly("old1");

      // a version installed after the takedown does not bring it back
      ModelFixtures.publish(models, "m2", ids, 4);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.retrieval()
                      .info(io.overdrive.proto.v1.InfoRequest.getDefaultInstance())
                      .getModelVersion()
                      .equals("m2"));
      assertThat(forYou(node, "srv-hiker")).doesNotContain("srv-fresh");
    } finally {
      store.close();
    }
  }

  private static List<String> forYou(TestNode node, String user) {
    return node
        .ranking()
        .forYou(ForYouRequest.newBuilder().setUserId(user).setLimit(50).build())
        .getItemsList()
        .stream()
        .map(RankedItem::getId)
        .toList();
  }
}
