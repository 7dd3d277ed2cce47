package io.overdrive.serving.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.RankedItem;
import io.overdrive.proto.v1.RankingServiceGrpc;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code overdrive.v1.RankingService}: the timeline service's For You call, with the limits,
 * semantics and reasons of {@code POST /rank/for-you}. A request without candidates is answered
 * from the node's own index (the pipeline's retrieval candidate source).
 */
public final class RankingGrpcService extends RankingServiceGrpc.RankingServiceImplBase {
  static final int MAX_USER_ID = 128;
  static final int MAX_ITEM_ID = 128;
  static final int MAX_CONTENT = 10_000;
  static final int MAX_HASHTAGS = 64;
  static final int MAX_HASHTAG = 100;
  static final int MAX_MEDIA_TYPES = 16;
  static final int MAX_MEDIA_TYPE = 32;

  private final ForYouRanker ranker;

  public RankingGrpcService(ForYouRanker ranker) {
    this.ranker = ranker;
  }

  @Override
  public void forYou(ForYouRequest request, StreamObserver<ForYouResponse> response) {
    GrpcCalls.unary("ForYou", response, () -> toResponse(ranker.rank(toRankRequest(request))));
  }

  static RankRequest toRankRequest(ForYouRequest r) {
    String userId = r.getUserId();
    if (userId.isBlank()) {
      throw new InvalidInputException("user_id", "must not be blank");
    }
    if (userId.length() > MAX_USER_ID) {
      throw new InvalidInputException("user_id", "longer than " + MAX_USER_ID + " characters");
    }
    int limit = r.getLimit() == 0 ? RankRequest.DEFAULT_LIMIT : r.getLimit();
    if (limit < 1 || limit > RankRequest.MAX_LIMIT) {
      throw new InvalidInputException(
          "limit",
          "must be in 1.." + RankRequest.MAX_LIMIT + " (0 = default), got " + r.getLimit());
    }
    int total = r.getCandidateIdsCount() + r.getCandidatesCount();
    if (total > RankRequest.MAX_CANDIDATES) {
      throw new InvalidInputException(
          "candidates", "at most " + RankRequest.MAX_CANDIDATES + " candidates, got " + total);
    }
    List<Item> items = new ArrayList<>(total);
    for (int i = 0; i < r.getCandidateIdsCount(); i++) {
      items.add(Item.withId(checkItemId(r.getCandidateIds(i), "candidate_ids[" + i + "]")));
    }
    for (int i = 0; i < r.getCandidatesCount(); i++) {
      items.add(toItem(r.getCandidates(i), "candidates[" + i + "]."));
    }
    return new RankRequest(userId, items, limit);
  }

  private static Item toItem(CandidateItem c, String field) {
    String id = checkItemId(c.getId(), field + "id");
    if (c.getContent().length() > MAX_CONTENT) {
      throw new InvalidInputException(field + "content", "longer than " + MAX_CONTENT);
    }
    checkTags(c.getHashtagsList(), MAX_HASHTAGS, MAX_HASHTAG, field + "hashtags");
    checkTags(c.getMediaTypesList(), MAX_MEDIA_TYPES, MAX_MEDIA_TYPE, field + "media_types");
    if (c.getAuthorId().length() > MAX_ITEM_ID) {
      throw new InvalidInputException(field + "author_id", "longer than " + MAX_ITEM_ID);
    }
    Double engagement =
        c.hasEngagementRate() ? unit(c.getEngagementRate(), field + "engagement_rate") : null;
    Double quality =
        c.hasQualityScore() ? unit(c.getQualityScore(), field + "quality_score") : null;
    return new Item(
        id,
        c.getAuthorId().isEmpty() ? null : c.getAuthorId(),
        c.getContent().isEmpty() ? null : c.getContent(),
        c.getHashtagsList(),
        c.getMediaTypesList(),
        c.hasCreatedAt() ? toInstant(c.getCreatedAt()) : null,
        engagement,
        quality);
  }

  private static String checkItemId(String id, String field) {
    if (id.isBlank()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    if (id.length() > MAX_ITEM_ID) {
      throw new InvalidInputException(field, "longer than " + MAX_ITEM_ID + " characters");
    }
    return id;
  }

  private static void checkTags(List<String> tags, int max, int maxLength, String field) {
    if (tags.size() > max) {
      throw new InvalidInputException(field, "at most " + max + " entries");
    }
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      if (t.isBlank() || t.length() > maxLength) {
        throw new InvalidInputException(
            field + "[" + i + "]", "must be 1.." + maxLength + " characters");
      }
    }
  }

  private static double unit(double v, String field) {
    if (!(v >= 0 && v <= 1)) {
      throw new InvalidInputException(field, "must be in [0, 1], got " + v);
    }
    return v;
  }

  private static Instant toInstant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static ForYouResponse toResponse(RankResult r) {
    ForYouResponse.Builder b =
        ForYouResponse.newBuilder()
            .setUserId(r.userId())
            .setVariant(r.variant())
            .setPersonalization(r.personalization())
            .setModelVersion(r.modelVersion() == null ? "" : r.modelVersion())
            .setCandidateSource(r.candidateSource());
    for (io.overdrive.ranking.RankedItem i : r.items()) {
      b.addItems(
          RankedItem.newBuilder()
              .setId(i.id())
              .setScore(i.score())
              .setRank(i.rank())
              .addAllReasons(i.reasons()));
    }
    return b.build();
  }
}
