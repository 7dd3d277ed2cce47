package io.overdrive.serving.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.overdrive.domain.Item;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.RankedItem;
import io.overdrive.proto.v1.RankingServiceGrpc;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.OverdriveToggle;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RequestLimits;
import java.time.Instant;

/**
 * {@code overdrive.v1.RankingService}: the timeline service's For You call, with the limits,
 * semantics and reasons of {@code POST /rank/for-you}: the same checks ({@link RequestLimits},
 * {@link CandidateValidation}) and the same steps around the ranking ({@link ForYouService}). A
 * request without candidates is answered from the node's own index (the pipeline's retrieval
 * candidate source). Metadata {@code x-use-overdrive: 0} serves the control feed ({@link
 * OverdriveToggleInterceptor}); every answer carries its {@code ranking_id}.
 */
public final class RankingGrpcService extends RankingServiceGrpc.RankingServiceImplBase {
  private final ForYouService forYou;
  private final KnownCandidates known = new KnownCandidates();

  public RankingGrpcService(ForYouService forYou) {
    this.forYou = forYou;
  }

  @Override
  public void forYou(ForYouRequest request, StreamObserver<ForYouResponse> response) {
    String toggle = OverdriveToggleInterceptor.VALUE.get();
    GrpcCalls.unary(
        "ForYou",
        response,
        () -> {
          boolean overdrive = OverdriveToggle.enabled(toggle);
          return toResponse(forYou.rank(toRankRequest(request), overdrive));
        });
  }

  /** Maps the request at the edge; proto3's 0 and "" mean "not given". */
  RankRequest toRankRequest(ForYouRequest r) {
    String userId = RequestLimits.id("user_id", r.getUserId());
    int limit = RequestLimits.limit("limit", r.getLimit() == 0 ? null : r.getLimit());
    CandidateValidation candidates =
        new CandidateValidation("candidates", r.getCandidateIdsCount() + r.getCandidatesCount());
    for (int i = 0; i < r.getCandidateIdsCount(); i++) {
      candidates.addId("candidate_ids", i, r.getCandidateIds(i));
    }
    for (int i = 0; i < r.getCandidatesCount(); i++) {
      CandidateItem c = r.getCandidates(i);
      Item item = known.find(c);
      if (item == null) {
        item = toItem(c, i);
        known.keep(c, item);
      }
      candidates.add("candidates", i, item);
    }
    return new RankRequest(userId, candidates.items(), limit);
  }

  private static Item toItem(CandidateItem c, int index) {
    return CandidateValidation.described(
        "candidates",
        index,
        c.getId(),
        c.getContent().isEmpty() ? null : c.getContent(),
        c.getHashtagsList(),
        c.getMediaTypesList(),
        c.hasEngagementRate() ? c.getEngagementRate() : null,
        c.hasQualityScore() ? c.getQualityScore() : null,
        c.getAuthorId().isEmpty() ? null : c.getAuthorId(),
        c.hasCreatedAt() ? toInstant(c.getCreatedAt()) : null);
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
            .setCandidateSource(r.candidateSource())
            .setRankingId(r.rankingId())
            .setExperiment(r.experiment())
            .setDegraded(r.degraded())
            .setDegradedReason(r.degraded() ? r.degradedReason() : "");
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
