package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.domain.UserProfile;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelFixtures;
import io.overdrive.proto.v1.DeleteRequest;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.Hit;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.InfoResponse;
import io.overdrive.proto.v1.ItemVector;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.proto.v1.UpsertRequest;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.SyntheticEmbeddings;
import io.overdrive.serving.faiss.FaissLibrary;
import io.overdrive.store.FeatureStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New model versions swap in under load; snapshots make a restart load instead of build. */
class IndexLifecycleIT {
  static final int DIM = 32;
  @TempDir Path models;
  @TempDir Path snapshots;

  static String backend() {
    return FaissLibrary.available() ? "faiss" : "jvector";
  }

  static ItemEmbeddings version(String name, long seed) {
    return new SyntheticEmbeddings(DIM, 8, 0.5, seed).items(name, 3000);
  }

  static List<String> ids(SearchResponse r) {
    return r.getHitsList().stream().map(Hit::getItemId).toList();
  }

  static ItemVector item(String id, float[] v) {
    ItemVector.Builder b = ItemVector.newBuilder().setItemId(id);
    for (float f : v) {
      b.addVector(f);
    }
    return b.build();
  }

  @Test
  void hotSwapUnderConcurrentSearchesHasNoFailedOrEmptySearch() throws Exception {
    ModelVersions dir = new ModelVersions(models);
    dir.publish(version("v1", 1));
    try (TestNode node = TestNode.start(models, snapshots, backend(), "HNSW32")) {
      node.awaitServing();
      float[][] queries = new SyntheticEmbeddings(DIM, 8, 0.5, 99).queries(50);
      // between versions: one item deleted (stays deleted), one upserted (belongs to v1 only)
      node.retrieval().delete(DeleteRequest.newBuilder().addItemIds("i5").build());
      node.retrieval()
          .upsert(
              UpsertRequest.newBuilder()
                  .setModelVersion("v1")
                  .addItems(item("extra", queries[0]))
                  .build());

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong searches = new AtomicLong();
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> versionsSeen = new ConcurrentLinkedQueue<>();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      for (int t = 0; t < 4; t++) {
        int offset = t;
        clients.submit(
            () -> {
              String last = "";
              for (int i = offset; !stop.get(); i++) {
                try {
                  SearchResponse r =
                      node.retrieval()
                          .search(ServingNodeIT.vectorQuery(queries[i % queries.length], 10));
                  searches.incrementAndGet();
                  if (r.getHitsCount() != 10) {
                    problems.add("search returned " + r.getHitsCount() + " hits");
                  }
                  if (!r.getModelVersion().equals(last)) {
                    versionsSeen.add(offset + ":" + r.getModelVersion());
                    if (last.compareTo(r.getModelVersion()) > 0) {
                      problems.add("went back from " + last + " to " + r.getModelVersion());
                    }
                    last = r.getModelVersion();
                  }
                } catch (RuntimeException e) {
                  problems.add(e.toString());
                }
              }
            });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() > 200);
      dir.publish(version("v2", 2));
      awaitVersion(node, "v2");
      long afterV2 = searches.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() > afterV2 + 200);
      dir.publish(version("v3", 3));
      awaitVersion(node, "v3");
      long afterV3 = searches.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() > afterV3 + 200);
      stop.set(true);
      clients.shutdown();
      assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(problems).isEmpty();
      assertThat(versionsSeen).anyMatch(v -> v.endsWith(":v1"));
      assertThat(versionsSeen).anyMatch(v -> v.endsWith(":v3"));
      // the delete carried over to v3, the v1 upsert did not
      InfoResponse info = node.retrieval().info(InfoRequest.getDefaultInstance());
      assertThat(info.getSize()).isEqualTo(2999);
      List<String> all = ids(node.retrieval().search(ServingNodeIT.vectorQuery(queries[0], 1000)));
      assertThat(all).doesNotContain("i5", "extra");
    }
  }

  private static void awaitVersion(TestNode node, String version) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                node.retrieval()
                    .info(InfoRequest.getDefaultInstance())
                    .getModelVersion()
                    .equals(version));
  }

  @Test
  void restartLoadsTheSnapshotWithItsUpsertsAndDeletesInsteadOfRebuilding() {
    new ModelVersions(models).publish(version("v1", 1));
    float[][] queries = new SyntheticEmbeddings(DIM, 8, 0.5, 7).queries(5);
    List<List<String>> before = new ArrayList<>();
    try (TestNode node = TestNode.start(models, snapshots, backend(), "HNSW32")) {
      node.awaitServing();
      assertThat(node.retrieval().info(InfoRequest.getDefaultInstance()).getLoadedFrom())
          .isEqualTo("build");
      node.retrieval()
          .upsert(UpsertRequest.newBuilder().addItems(item("fresh", queries[0])).build());
      node.retrieval().delete(DeleteRequest.newBuilder().addItemIds("i3").build());
      for (float[] q : queries) {
        before.add(ids(node.retrieval().search(ServingNodeIT.vectorQuery(q, 10))));
      }
    }
    try (TestNode node = TestNode.start(models, snapshots, backend(), "HNSW32")) {
      node.awaitServing();
      InfoResponse info = node.retrieval().info(InfoRequest.getDefaultInstance());
      assertThat(info.getLoadedFrom()).isEqualTo("snapshot");
      assertThat(info.getSize()).isEqualTo(3000);
      for (int i = 0; i < queries.length; i++) {
        assertThat(ids(node.retrieval().search(ServingNodeIT.vectorQuery(queries[i], 10))))
            .isEqualTo(before.get(i));
      }
      assertThat(before.get(0).get(0)).isEqualTo("fresh");
      assertThat(ids(node.retrieval().search(ServingNodeIT.vectorQuery(queries[0], 1000))))
          .doesNotContain("i3");
    }
  }

  @Test
  void userQueriesComeFromTheServedVersionsUserTowerSoNewUsersGetRetrieval() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add("post" + i);
    }
    LoadedModel model = ModelFixtures.publish(models, "m1", ids, 1);
    try (TestNode node = TestNode.start(models, null, "exact", "Flat")) {
      node.awaitServing();
      FeatureStore store = node.context.getBean(FeatureStore.class);
      store.putProfile(
          new UserProfile("newbie", List.of("gaming", "sci-fi"), "", List.of(), Instant.now()));
      UserFeatures newbie = store.user("newbie", Instant.now());
      float[] expected =
          model
              .twoTower()
              .orElseThrow()
              .userVector(
                  "newbie",
                  InterestProfile.of(
                      newbie,
                      InterestTaxonomy.loadDefault(),
                      LearningSettings.defaults().parentShare()),
                  List.of());

      SearchResponse byUser =
          node.retrieval().search(SearchRequest.newBuilder().setUserId("newbie").setK(10).build());

      assertThat(ids(byUser)).hasSize(10);
      assertThat(ids(byUser))
          .isEqualTo(ids(node.retrieval().search(ServingNodeIT.vectorQuery(expected, 10))));
      ForYouResponse feed =
          node.ranking().forYou(ForYouRequest.newBuilder().setUserId("newbie").setLimit(5).build());
      assertThat(feed.getCandidateSource()).isEqualTo("retrieval");
      assertThat(feed.getItemsList()).hasSize(5);
    }
  }
}
