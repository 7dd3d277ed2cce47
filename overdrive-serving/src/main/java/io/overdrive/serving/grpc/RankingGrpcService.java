package io.overdrive.serving.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code overdrive.v1.RankingService}: the timeline service's For You call, with the limits,
 * semantics and reasons of {@code POST /rank/for-you}: the same checks ({@link RequestLimits},
 * {@link CandidateValidation}) and the same steps around the ranking ({@link ForYouService}). A
 * request without candidates is answered from the node's own index (the pipeline's retrieval
 * candidate source). Metadata {@code x-use-overdrive: 0} serves the control feed ({@link
 * OverdriveToggleInterceptor}); every answer carries its {@code ranking_id}.
 *
 * <p>The call's callbacks run on the I/O thread that read it ({@link GrpcServer#onIoThread}): it
 * reads the request there (bytes already in memory) and hands the ranking, which waits for Redis,
 * to the call pool in one step, in the call's {@link Context} (its deadline, cancellation and
 * metadata); the pool thread hands the answer to the connection's I/O thread, which writes it
 * (Netty writes only from a connection's event loop). grpc-java's own hand-offs would wake a pool
 * thread about three times per call.
 *
 * <p>The service is bound with its generated descriptor (name, schema for reflection, response
 * marshaller) but its own request reader, {@link ForYouRequestMarshaller}: described candidates
 * seen before are recognised on the wire instead of parsed into messages.
 */
public final class RankingGrpcService implements BindableService {
  private final ForYouService forYou;
  private final Executor work;
  private final KnownCandidates known = new KnownCandidates();
  private final ForYouRequestMarshaller reader = new ForYouRequestMarshaller(known);

  /** Rankings run on {@code work} (the server's call pool), never on the thread that read them. */
  public RankingGrpcService(ForYouService forYou, Executor work) {
    this.forYou = forYou;
    this.work = work;
  }

  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor<ForYouRequest, ForYouResponse> generated =
        RankingServiceGrpc.getForYouMethod();
    MethodDescriptor<ForYouRequestMarshaller.Read, ForYouResponse> method =
        generated.toBuilder(reader, generated.getResponseMarshaller()).build();
    ServiceDescriptor service =
        ServiceDescriptor.newBuilder(RankingServiceGrpc.SERVICE_NAME)
            .setSchemaDescriptor(RankingServiceGrpc.getServiceDescriptor().getSchemaDescriptor())
            .addMethod(method)
            .build();
    return ServerServiceDefinition.builder(service)
        .addMethod(method, ServerCalls.asyncUnaryCall(this::forYou))
        .build();
  }

  private void forYou(
      ForYouRequestMarshaller.Read request, StreamObserver<ForYouResponse> response) {
    String toggle = OverdriveToggleInterceptor.VALUE.get();
    Runnable rank =
        () ->
            GrpcCalls.unary(
                "ForYou",
                response,
                () -> {
                  boolean overdrive = OverdriveToggle.enabled(toggle);
                  return toResponse(forYou.rank(toRankRequest(request), overdrive));
                });
    try {
      work.execute(Context.current().wrap(rank));
    } catch (RejectedExecutionException e) {
      // the pool is shut down: the node is stopping
      response.onError(
          Status.UNAVAILABLE.withDescription("the node is shutting down").asRuntimeException());
    }
  }

  /** A request as a client's message, read as the wire's bytes are. */
  RankRequest toRankRequest(ForYouRequest r) {
    return toRankRequest(reader.read(r));
  }

  /**
   * Maps the request at the edge; proto3's 0 and "" mean "not given". A candidate kept by {@link
   * KnownCandidates} passed these checks when it was read; a fresh one is checked and kept.
   */
  RankRequest toRankRequest(ForYouRequestMarshaller.Read r) {
    String userId = RequestLimits.id("user_id", r.userId());
    int limit = RequestLimits.limit("limit", r.limit() == 0 ? null : r.limit());
    List<String> ids = r.candidateIds();
    List<Object> described = r.candidates();
    CandidateValidation candidates =
        new CandidateValidation("candidates", ids.size() + described.size());
    for (int i = 0; i < ids.size(); i++) {
      candidates.addId("candidate_ids", i, ids.get(i));
    }
    for (int i = 0; i < described.size(); i++) {
      Item item;
      if (described.get(i) instanceof ForYouRequestMarshaller.Fresh fresh) {
        item = toItem(fresh.message(), i);
        known.keep(fresh.encoded(), item);
      } else {
        item = (Item) described.get(i);
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
