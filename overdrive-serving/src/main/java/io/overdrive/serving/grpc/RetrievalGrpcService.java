package io.overdrive.serving.grpc;

import com.google.protobuf.Internal;
import io.grpc.stub.StreamObserver;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.UserFeatures;
import io.overdrive.model.UserEmbedder;
import io.overdrive.proto.v1.BatchSearchRequest;
import io.overdrive.proto.v1.BatchSearchResponse;
import io.overdrive.proto.v1.DeleteRequest;
import io.overdrive.proto.v1.DeleteResponse;
import io.overdrive.proto.v1.Hit;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.InfoResponse;
import io.overdrive.proto.v1.ItemVector;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.proto.v1.SearchRequest;
import io.overdrive.proto.v1.SearchResponse;
import io.overdrive.proto.v1.UpsertRequest;
import io.overdrive.proto.v1.UpsertResponse;
import io.overdrive.ranking.RequestLimits;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.serving.index.LiveIndex;
import io.overdrive.store.FeatureStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code overdrive.v1.RetrievalService}: maps protobuf to the live index and back. Validation
 * failures are INVALID_ARGUMENT naming the field; a user the node cannot embed is NOT_FOUND; no
 * index yet is UNAVAILABLE.
 */
public final class RetrievalGrpcService extends RetrievalServiceGrpc.RetrievalServiceImplBase {
  static final int MAX_EXCLUSIONS = 10_000;

  /** Request limits. */
  public record Limits(int maxK, int maxBatchQueries, int maxUpsertItems) {}

  private final LiveIndex index;
  private final FeatureStore store;
  private final UserEmbedder embedder;
  private final Clock clock;
  private final Limits limits;

  public RetrievalGrpcService(
      LiveIndex index, FeatureStore store, UserEmbedder embedder, Clock clock, Limits limits) {
    this.index = index;
    this.store = store;
    this.embedder = embedder;
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
    GrpcCalls.unary("Search", response, () -> search(request, ""));
  }

  private SearchResponse search(SearchRequest r, String field) {
    int k = checkK(r.getK(), field + "k");
    Set<String> excluded = exclusions(r.getExcludeIdsList(), field + "exclude_ids");
    float[] query = query(r, field);
    return response(index.search(query, k, excluded));
  }

  @Override
  public void batchSearch(BatchSearchRequest request, StreamObserver<BatchSearchResponse> resp) {
    GrpcCalls.unary(
        "BatchSearch",
        resp,
        () -> {
          int n = request.getQueriesCount();
          if (n == 0 || n > limits.maxBatchQueries()) {
            throw new InvalidInputException(
                "queries", "must hold 1.." + limits.maxBatchQueries() + " queries, got " + n);
          }
          // queries that share k and exclusions go to the index as one batch
          record Group(int k, Set<String> excluded) {}
          Map<Group, List<Integer>> groups = new LinkedHashMap<>();
          List<float[]> vectors = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            SearchRequest q = request.getQueries(i);
            String field = "queries[" + i + "].";
            Group g =
                new Group(
                    checkK(q.getK(), field + "k"),
                    exclusions(q.getExcludeIdsList(), field + "exclude_ids"));
            vectors.add(query(q, field));
            groups.computeIfAbsent(g, x -> new ArrayList<>()).add(i);
          }
          SearchResponse[] out = new SearchResponse[n];
          groups.forEach(
              (g, members) -> {
                List<float[]> qs = members.stream().map(vectors::get).toList();
                List<List<ScoredItem>> hits = index.searchBatch(qs, g.k(), g.excluded());
                for (int j = 0; j < members.size(); j++) {
                  out[members.get(j)] = response(hits.get(j));
                }
              });
          return BatchSearchResponse.newBuilder().addAllResults(List.of(out)).build();
        });
  }

  @Override
  public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> response) {
    GrpcCalls.unary(
        "Upsert",
        response,
        () -> {
          int n = request.getItemsCount();
          if (n == 0 || n > limits.maxUpsertItems()) {
            throw new InvalidInputException(
                "items", "must hold 1.." + limits.maxUpsertItems() + " items, got " + n);
          }
          List<io.overdrive.serving.index.ItemVector> items = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ItemVector item = request.getItems(i);
            String id = checkId(item.getItemId(), "items[" + i + "].item_id");
            float[] v = toArray(item.getVectorList(), "items[" + i + "].vector");
            items.add(new io.overdrive.serving.index.ItemVector(id, v));
          }
          int upserted = index.upsert(items, request.getModelVersion());
          return UpsertResponse.newBuilder().setUpserted(upserted).setSize(index.size()).build();
        });
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
    GrpcCalls.unary(
        "Delete",
        response,
        () -> {
          int n = request.getItemIdsCount();
          if (n == 0 || n > limits.maxUpsertItems()) {
            throw new InvalidInputException(
                "item_ids", "must hold 1.." + limits.maxUpsertItems() + " ids, got " + n);
          }
          List<String> ids = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            ids.add(checkId(request.getItemIds(i), "item_ids[" + i + "]"));
          }
          int deleted = index.delete(ids);
          return DeleteResponse.newBuilder().setDeleted(deleted).setSize(index.size()).build();
        });
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> response) {
    GrpcCalls.unary(
        "Info",
        response,
        () -> {
          InfoResponse.Builder b = InfoResponse.newBuilder();
          index
              .current()
              .ifPresent(
                  g ->
                      b.setIndexType(g.index().indexType())
                          .setBackend(g.index().backend().wireName())
                          .setDevice(g.index().device())
                          .setDimension(g.index().dimension())
                          .setModelVersion(g.modelVersion())
                          .setLoadedFrom(g.loadedFrom()));
          return b.setSize(index.size()).build();
        });
  }

  private float[] query(SearchRequest r, String field) {
    return switch (r.getQueryCase()) {
      case VECTOR -> toArray(r.getVector().getValuesList(), field + "vector");
      case USER_ID -> userQuery(checkId(r.getUserId(), field + "user_id"));
      case QUERY_NOT_SET ->
          throw new InvalidInputException(field + "query", "set user_id or vector");
    };
  }

  private float[] userQuery(String userId) {
    UserFeatures user = store.user(userId, clock.instant());
    if (user.lastEventAt() == null
        && user.profile().equals(UserProfile.empty(userId))
        && user.recentItems().isEmpty()) {
      throw new UnknownUserException("unknown user " + userId);
    }
    return embedder
        .embed(user)
        .orElseThrow(
            () ->
                new UnknownUserException(
                    "user "
                        + userId
                        + " has no embedding yet: none of their recent items is indexed and no"
                        + " user tower is loaded"));
  }

  private SearchResponse response(List<ScoredItem> hits) {
    SearchResponse.Builder b = SearchResponse.newBuilder().setModelVersion(index.modelVersion());
    for (ScoredItem h : hits) {
      b.addHits(Hit.newBuilder().setItemId(h.itemId()).setScore(h.score()));
    }
    return b.build();
  }

  private int checkK(int k, String field) {
    if (k <= 0 || k > limits.maxK()) {
      throw new InvalidInputException(field, "must be in 1.." + limits.maxK() + ", got " + k);
    }
    return k;
  }

  private static Set<String> exclusions(List<String> ids, String field) {
    if (ids.size() > MAX_EXCLUSIONS) {
      throw new InvalidInputException(
          field, "at most " + MAX_EXCLUSIONS + " ids, got " + ids.size());
    }
    return ids.isEmpty() ? Set.of() : new LinkedHashSet<>(ids);
  }

  /** An item or user id: {@link RequestLimits#id}'s bounds, and one line (item_ids.txt). */
  static String checkId(String id, String field) {
    RequestLimits.id(field, id);
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
      throw new InvalidInputException(field, "must not contain line breaks");
    }
    return id;
  }

  private static float[] toArray(List<Float> values, String field) {
    if (values.isEmpty()) {
      throw new InvalidInputException(field, "must not be empty");
    }
    float[] v = new float[values.size()];
    // protobuf's repeated float is a primitive list: read it without boxing
    Internal.FloatList floats = values instanceof Internal.FloatList f ? f : null;
    for (int i = 0; i < v.length; i++) {
      v[i] = floats != null ? floats.getFloat(i) : values.get(i);
      if (!Float.isFinite(v[i])) {
        throw new InvalidInputException(field, "holds a non-finite value at " + i);
      }
    }
    return v;
  }
}
