package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.EventIngestor;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.proto.v1.BatchSearchRequest;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.DeleteRequest;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.Hit;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.InfoResponse;
import io.overdrive.proto.v1.ItemVector;
import io.overdrive.proto.v1.RankedItem;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.proto.v1.UpsertRequest;
import io.overdrive.proto.v1.Vector;
import io.overdrive.ranking.ForYouService;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.retrieval.RecentItemsEmbedder;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.retrieval.SyntheticEmbeddings;
import io.overdrive.serving.faiss.FaissLibrary;
import io.overdrive.store.FeatureStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * RetrievalService and RankingService over a real Netty server on a random port, with FAISS HNSW
 * where libfaiss is installed (jvector otherwise).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingNodeIT {
  static final int DIM = 64;
  final SyntheticEmbeddings gen = new SyntheticEmbeddings(DIM, 16, 0.5, 11);
  final ItemEmbeddings items = gen.items("v1", 6000);
  final ExactRetriever truth = new ExactRetriever(items);

  @TempDir static Path models;
  TestNode node;
  ServingStatus healthBeforeModel;
  ServingStatus retrievalHealthBeforeModel;
  ServingStatus rankingHealthBeforeModel;
  StatusRuntimeException searchBeforeModel;

  static String backend() {
    return FaissLibrary.available() ? "faiss" : "jvector";
  }

  @BeforeAll
  void startNodeThenPublishAModel() {
    node = TestNode.start(models, null, backend(), "HNSW32");
    healthBeforeModel = node.health("");
    retrievalHealthBeforeModel = node.health(GrpcServer.RETRIEVAL);
    rankingHealthBeforeModel = node.health(GrpcServer.RANKING);
    try {
      node.retrieval().search(vectorQuery(gen.queries(1)[0], 10));
    } catch (StatusRuntimeException e) {
      searchBeforeModel = e;
    }
    new ModelVersions(models).publish(items);
    node.awaitServing();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  static SearchRequest vectorQuery(float[] q, int k) {
    Vector.Builder v = Vector.newBuilder();
    for (float f : q) {
      v.addValues(f);
    }
    return SearchRequest.newBuilder().setVector(v).setK(k).build();
  }

  static List<String> ids(SearchResponse r) {
    return r.getHitsList().stream().map(Hit::getItemId).toList();
  }

  @Test
  void healthWasNotServingUntilTheIndexLoaded() {
    assertThat(healthBeforeModel).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(retrievalHealthBeforeModel).isEqualTo(ServingStatus.NOT_SERVING);
    assertThat(rankingHealthBeforeModel).isEqualTo(ServingStatus.SERVING);
    assertThat(searchBeforeModel).isNotNull();
    assertThat(searchBeforeModel.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(searchBeforeModel.getStatus().getDescription()).contains("no index loaded yet");
    assertThat(node.health("")).isEqualTo(ServingStatus.SERVING);
    assertThat(node.health(GrpcServer.RETRIEVAL)).isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void infoDescribesTheServedIndex() {
    InfoResponse info = node.retrieval().info(InfoRequest.getDefaultInstance());
    assertThat(info.getBackend()).isEqualTo(backend());
    assertThat(info.getDimension()).isEqualTo(DIM);
    assertThat(info.getModelVersion()).isEqualTo("v1");
    assertThat(info.getDevice()).isEqualTo("cpu");
    assertThat(info.getLoadedFrom()).isEqualTo("build");
    assertThat(info.getSize()).isBetween(5990L, 6010L);
  }

  @Test
  void searchAgreesWithTheExactRetriever() {
    float[][] queries = gen.queries(100);
    double recall = 0;
    for (float[] q : queries) {
      SearchResponse r = node.retrieval().search(vectorQuery(q, 10));
      assertThat(r.getModelVersion()).isEqualTo("v1");
      List<ScoredItem> found =
          r.getHitsList().stream().map(h -> new ScoredItem(h.getItemId(), h.getScore())).toList();
      recall += SyntheticEmbeddings.recall(truth.search(q, 10, Set.of()), found);
    }
    assertThat(recall / queries.length).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void batchSearchAnswersLikeSingleSearches() {
    float[][] queries = gen.queries(6);
    BatchSearchRequest.Builder b = BatchSearchRequest.newBuilder();
    for (int i = 0; i < queries.length; i++) {
      SearchRequest q = vectorQuery(queries[i], 7);
      // half the queries exclude something: they form their own group
      b.addQueries(i % 2 == 0 ? q : q.toBuilder().addExcludeIds("i1").build());
    }
    var batch = node.retrieval().batchSearch(b.build());
    assertThat(batch.getResultsCount()).isEqualTo(6);
    for (int i = 0; i < queries.length; i++) {
      assertThat(ids(batch.getResults(i))).isEqualTo(ids(node.retrieval().search(b.getQueries(i))));
    }
  }

  @Test
  void exclusionsAreNeverReturned() {
    float[] q = gen.queries(1)[0];
    List<String> first = ids(node.retrieval().search(vectorQuery(q, 10)));
    SearchResponse again =
        node.retrieval()
            .search(
                vectorQuery(q, 10).toBuilder()
                    .addAllExcludeIds(first.subList(0, 5))
                    .addExcludeIds("not-indexed")
                    .build());
    assertThat(ids(again)).hasSize(10).doesNotContainAnyElementsOf(first.subList(0, 5));
    assertThat(ids(again)).containsAll(first.subList(5, 10));
  }

  @Test
  void upsertAndDeleteAreVisibleToTheNextSearch() {
    float[] q = gen.queries(1)[0];
    UpsertRequest.Builder up = UpsertRequest.newBuilder().setModelVersion("v1");
    ItemVector.Builder item = ItemVector.newBuilder().setItemId("breaking-news");
    for (float f : q) {
      item.addVector(f);
    }
    var upserted = node.retrieval().upsert(up.addItems(item).build());
    assertThat(upserted.getUpserted()).isEqualTo(1);
    assertThat(ids(node.retrieval().search(vectorQuery(q, 3))).get(0)).isEqualTo("breaking-news");

    var deleted =
        node.retrieval().delete(DeleteRequest.newBuilder().addItemIds("breaking-news").build());
    assertThat(deleted.getDeleted()).isEqualTo(1);
    assertThat(deleted.getSize()).isEqualTo(upserted.getSize() - 1);
    assertThat(ids(node.retrieval().search(vectorQuery(q, 10)))).doesNotContain("breaking-news");

    assertThatThrownBy(
            () ->
                node.retrieval()
                    .upsert(
                        UpsertRequest.newBuilder().setModelVersion("v0").addItems(item).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("v0").contains("v1");
            });
  }

  private static void assertStatus(Runnable call, Status.Code code, String... words) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              for (String w : words) {
                assertThat(e.getStatus().getDescription()).contains(w);
              }
            });
  }

  @Test
  void badRequestsGetInvalidArgumentOrNotFoundWithAMessage() {
    var stub = node.retrieval();
    assertStatus(
        () -> stub.search(vectorQuery(new float[] {1, 2, 3}, 10)),
        Status.Code.INVALID_ARGUMENT,
        "vector",
        "3 dimensions",
        "64");
    assertStatus(
        () -> stub.search(vectorQuery(gen.queries(1)[0], 0)),
        Status.Code.INVALID_ARGUMENT,
        "k:",
        "1..1000");
    assertStatus(
        () -> stub.search(vectorQuery(gen.queries(1)[0], 1_000_000)),
        Status.Code.INVALID_ARGUMENT,
        "k:",
        "got 1000000");
    assertStatus(
        () -> stub.search(SearchRequest.newBuilder().setK(5).build()),
        Status.Code.INVALID_ARGUMENT,
        "query",
        "user_id or vector");
    assertStatus(
        () -> stub.search(SearchRequest.newBuilder().setUserId("nobody").setK(5).build()),
        Status.Code.NOT_FOUND,
        "unknown user nobody");
    assertStatus(
        () ->
            stub.upsert(
                UpsertRequest.newBuilder()
                    .addItems(ItemVector.newBuilder().setItemId("short").addVector(1f))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "items.vector",
        "1 dimensions");
    assertStatus(
        () ->
            stub.upsert(
                UpsertRequest.newBuilder()
                    .addItems(ItemVector.newBuilder().setItemId(" ").addVector(1f))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "items[0].item_id");
    assertStatus(
        () -> stub.batchSearch(BatchSearchRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "queries");
  }

  @Test
  void searchByUserIdUsesTheUsersRecentItems() {
    FeatureStore store = node.context.getBean(FeatureStore.class);
    EventIngestor ingestor =
        new EventIngestor(
            store,
            new InteractionUpdater(InterestTaxonomy.loadDefault(), LearningSettings.defaults()));
    Instant t = Instant.now();
    ingestor.ingest(
        List.of(
            Interaction.of("e1", "alice", "i10", InteractionType.LIKE, t.minusSeconds(60)),
            Interaction.of("e2", "alice", "i20", InteractionType.LIKE, t)));
    float[] expected =
        new RecentItemsEmbedder(truth::vector, () -> "v1", 50)
            .embed(store.user("alice", t))
            .orElseThrow();

    SearchResponse byUser =
        node.retrieval().search(SearchRequest.newBuilder().setUserId("alice").setK(10).build());

    assertThat(ids(byUser)).isEqualTo(ids(node.retrieval().search(vectorQuery(expected, 10))));
  }

  @Test
  void reflectionListsTheServices() throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    var requests =
        ServerReflectionGrpc.newStub(node.channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    names.complete(
                        r.getListServicesResponse().getServiceList().stream()
                            .map(ServiceResponse::getName)
                            .toList());
                  }

                  @Override
                  public void onError(Throwable t) {
                    names.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services = new ArrayList<>(names.get(10, TimeUnit.SECONDS));
    requests.onCompleted();
    assertThat(services)
        .contains(
            "overdrive.v1.RetrievalService",
            "overdrive.v1.RankingService",
            "grpc.health.v1.Health");
  }

  private void likes(String user, String... itemIds) {
    FeatureStore store = node.context.getBean(FeatureStore.class);
    EventIngestor ingestor =
        new EventIngestor(
            store,
            new InteractionUpdater(InterestTaxonomy.loadDefault(), LearningSettings.defaults()));
    Instant t = Instant.now().minusSeconds(itemIds.length);
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < itemIds.length; i++) {
      events.add(
          Interaction.of(
              user + "-e" + i, user, itemIds[i], InteractionType.LIKE, t.plusSeconds(i)));
    }
    ingestor.ingest(events);
  }

  @Test
  void forYouRanksTheCandidatesTheCallerSends() {
    ForYouRequest.Builder r = ForYouRequest.newBuilder().setUserId("carol").setLimit(5);
    for (int i = 0; i < 30; i++) {
      r.addCandidateIds("i" + i);
    }
    r.addCandidates(
        CandidateItem.newBuilder()
            .setId("note1")
            .setContent("new #ps5 trailer")
            .addHashtags("gaming")
            .setEngagementRate(0.3)
            .setQualityScore(0.9)
            .setAuthorId("a1"));
    ForYouResponse response = node.ranking().forYou(r.build());
    assertThat(response.getCandidateSource()).isEqualTo("request");
    assertThat(response.getItemsList()).hasSize(5);
    assertThat(response.getItemsList())
        .extracting(RankedItem::getRank)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(response.getItemsList())
        .extracting(RankedItem::getId)
        .allMatch(id -> id.equals("note1") || id.matches("i\\d+"));
    assertThat(response.getItems(0).getScore())
        .isGreaterThanOrEqualTo(response.getItems(4).getScore());
  }

  @Test
  void forYouWithOverdriveOffInMetadataServesTheGivenOrderAndLogsIt() throws Exception {
    ForYouRequest r =
        ForYouRequest.newBuilder()
            .setUserId("dave")
            .setLimit(3)
            .addCandidateIds("i7")
            .addCandidateIds("i2")
            .addCandidateIds("i9")
            .addCandidateIds("i1")
            .build();
    ForYouResponse off = node.ranking().withInterceptors(toggle("0")).forYou(r);
    assertThat(off.getVariant()).isEqualTo("overdrive_off");
    assertThat(off.getExperiment()).isEqualTo("none");
    assertThat(off.getItemsList()).extracting(RankedItem::getId).containsExactly("i7", "i2", "i9");
    assertThat(off.getRankingId()).matches("[0-9a-f]{8}-[0-9a-f]{16}");
    ForYouResponse on = node.ranking().withInterceptors(toggle("1")).forYou(r);
    assertThat(on.getVariant()).isEqualTo("control");
    assertThat(on.getRankingId()).isNotEqualTo(off.getRankingId());
    assertStatus(
        () -> node.ranking().withInterceptors(toggle("yes")).forYou(r),
        Status.Code.INVALID_ARGUMENT,
        "x-use-overdrive");

    // without Kafka the node counts its served rankings into its own store
    ((io.overdrive.outcomes.InProcessRankingLog)
            node.context.getBean(io.overdrive.outcomes.RankingLog.class))
        .flush();
    var outcomes = node.context.getBean(FeatureStore.class).outcomes();
    assertThat(
            outcomes
                .arm(new io.overdrive.outcomes.Arm("none", "overdrive_off"))
                .get(io.overdrive.outcomes.OutcomeField.RANKINGS))
        .isGreaterThanOrEqualTo(1);
  }

  private static io.grpc.ClientInterceptor toggle(String value) {
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(
        io.grpc.Metadata.Key.of("x-use-overdrive", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        value);
    return io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md);
  }

  @Test
  void forYouWithoutCandidatesRetrievesUnseenItemsNearTheUser() {
    likes("bob", "i30", "i31", "i32");
    ForYouResponse response =
        node.ranking().forYou(ForYouRequest.newBuilder().setUserId("bob").setLimit(10).build());

    assertThat(response.getCandidateSource()).isEqualTo("retrieval");
    assertThat(response.getItemsList()).hasSize(10);
    List<String> ranked = response.getItemsList().stream().map(RankedItem::getId).toList();
    assertThat(ranked).doesNotContain("i30", "i31", "i32");
    FeatureStore store = node.context.getBean(FeatureStore.class);
    float[] bob =
        new RecentItemsEmbedder(truth::vector, () -> "v1", 50)
            .embed(store.user("bob", Instant.now()))
            .orElseThrow();
    List<String> nearest =
        truth.search(bob, 400, Set.of("i30", "i31", "i32")).stream()
            .map(ScoredItem::itemId)
            .toList();
    assertThat(nearest).containsAll(ranked);
  }

  @Test
  void forYouForAUserWithoutHistoryAndNoCandidatesSaysWhyItIsEmpty() {
    ForYouResponse response =
        node.ranking().forYou(ForYouRequest.newBuilder().setUserId("newcomer").build());
    assertThat(response.getCandidateSource()).isEqualTo("fallback:no_user_embedding");
    assertThat(response.getItemsList()).isEmpty();
  }

  @Test
  void forYouRejectsBadRequestsLikeTheRestEdge() {
    assertStatus(
        () ->
            node.ranking().forYou(ForYouRequest.newBuilder().setUserId("u").setLimit(101).build()),
        Status.Code.INVALID_ARGUMENT,
        "limit",
        "1..100");
    assertStatus(
        () -> node.ranking().forYou(ForYouRequest.newBuilder().setLimit(5).build()),
        Status.Code.INVALID_ARGUMENT,
        "user_id");
    assertStatus(
        () ->
            node.ranking()
                .forYou(
                    ForYouRequest.newBuilder()
                        .setUserId("u")
                        .addCandidates(CandidateItem.newBuilder().setId("x").setQualityScore(2))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "candidates[0].quality_score");
  }

  /** A ForYou call of user u with these candidates. */
  private Runnable forYou(ForYouRequest.Builder request) {
    return () -> node.ranking().forYou(request.setUserId("u").build());
  }

  @Test
  void forYouRefusesACandidateIdGivenTwiceLikeTheRestEdge() {
    assertStatus(
        forYou(ForYouRequest.newBuilder().addCandidateIds("i1").addCandidateIds("i1")),
        Status.Code.INVALID_ARGUMENT,
        "candidate_ids[1]: duplicate candidate id 'i1'");
    assertStatus(
        forYou(
            ForYouRequest.newBuilder()
                .addCandidateIds("i1")
                .addCandidates(CandidateItem.newBuilder().setId("i1"))),
        Status.Code.INVALID_ARGUMENT,
        "candidates[0].id: duplicate candidate id 'i1'");
  }

  @Test
  void forYouAnswersBadCandidatesWithTheRestEdgesWords() {
    assertStatus(
        forYou(
            ForYouRequest.newBuilder()
                .addCandidates(CandidateItem.newBuilder().setId("x").setQualityScore(2))),
        Status.Code.INVALID_ARGUMENT,
        "candidates[0].quality_score: must be less than or equal to 1");
    assertStatus(
        () -> node.ranking().forYou(ForYouRequest.newBuilder().setUserId("u".repeat(129)).build()),
        Status.Code.INVALID_ARGUMENT,
        "user_id: size must be between 0 and 128");
  }

  @Test
  void forYouNotesTheCandidatesAndCountsTheExposureAsTheRestEdgeDoes() {
    MeterRegistry registry = node.context.getBean(MeterRegistry.class);
    double before = exposures(registry);
    node.ranking()
        .forYou(
            ForYouRequest.newBuilder()
                .setUserId("dora")
                .addCandidateIds("i7")
                .addCandidates(CandidateItem.newBuilder().setId("fresh-note").addHashtags("food"))
                .build());
    assertThat(exposures(registry)).isEqualTo(before + 1);
    assertThat(node.context.getBean(RecentCatalogue.class).newest(2, Set.of()))
        .extracting(ScoredItem::itemId)
        .containsExactly("fresh-note", "i7");
  }

  private static double exposures(MeterRegistry registry) {
    Counter c =
        registry
            .find(ForYouService.EXPOSURES_METRIC)
            .tag("experiment", "none")
            .tag("variant", "control")
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void retrievalIdsHaveTheSameBoundAsEveryOtherId() {
    assertStatus(
        () ->
            node.retrieval()
                .upsert(
                    UpsertRequest.newBuilder()
                        .addItems(
                            ItemVector.newBuilder()
                                .setItemId("x".repeat(129))
                                .addAllVector(java.util.Collections.nCopies(DIM, 0.1f)))
                        .build()),
        Status.Code.INVALID_ARGUMENT,
        "items[0].item_id: size must be between 0 and 128");
  }
}
