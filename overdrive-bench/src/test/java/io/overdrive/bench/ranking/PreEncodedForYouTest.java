package io.overdrive.bench.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.RankedItem;
import io.overdrive.proto.v1.RankingServiceGrpc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator's pre-encoded ForYou: its bytes are the request the REST callers send as JSON
 * (every field of every candidate, with the JSON's rounded scores), and over a real Netty
 * connection a server sees the same method, headers and request as from the generated stub, and the
 * caller gets the answer's bytes whole.
 */
class PreEncodedForYouTest {
  @Test
  void theBytesParseBackToTheRequestTheJsonDescribes() throws Exception {
    List<RankLatencyBenchmark.Request> requests =
        RankLatencyBenchmark.requests("described", 7, 50, 10, 20, 3);
    for (RankLatencyBenchmark.Request r : requests) {
      ForYouRequest parsed = ForYouRequest.parseFrom(PreEncodedForYou.encode(r.proto()));
      JsonNode json = JsonMapper.builder().build().readTree(r.json());

      assertThat(parsed.getUserId()).isEqualTo(json.get("user_id").asString());
      assertThat(parsed.getLimit()).isEqualTo(json.get("limit").asInt());
      assertThat(parsed.getCandidateIdsList()).isEmpty();
      JsonNode items = json.get("candidate_items");
      assertThat(parsed.getCandidatesCount()).isEqualTo(7).isEqualTo(items.size());
      for (int i = 0; i < items.size(); i++) {
        CandidateItem c = parsed.getCandidates(i);
        JsonNode j = items.get(i);
        assertThat(c.getId()).isEqualTo(j.get("id").asString());
        assertThat(c.getContent()).isEqualTo(j.get("content").asString());
        assertThat(c.getHashtagsList()).isEqualTo(strings(j.get("hashtags")));
        assertThat(c.getMediaTypesList()).isEqualTo(strings(j.get("media_types")));
        assertThat(c.hasEngagementRate()).isTrue();
        assertThat(c.getEngagementRate()).isEqualTo(j.get("engagement_rate").asDouble());
        assertThat(c.getQualityScore()).isEqualTo(j.get("quality_score").asDouble());
        assertThat(c.getAuthorId()).isEqualTo(j.get("author_id").asString());
        Instant created = Instant.parse(j.get("created_at").asString());
        assertThat(c.getCreatedAt().getSeconds()).isEqualTo(created.getEpochSecond());
        assertThat(c.getCreatedAt().getNanos()).isEqualTo(created.getNano());
      }
    }
    ForYouRequest ids =
        ForYouRequest.parseFrom(
            PreEncodedForYou.encode(
                RankLatencyBenchmark.requests("ids", 5, 50, 10, 20, 1).get(0).proto()));
    assertThat(ids.getCandidatesList()).isEmpty();
    assertThat(ids.getCandidateIdsList()).hasSize(5).allMatch(id -> id.matches("i\\d+"));
  }

  @Test
  void theServerSeesTheGeneratedStubsCallAndTheCallerGetsTheWholeAnswer() throws Exception {
    List<ForYouRequest> received = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    List<Map<String, String>> headers = new ArrayList<>();
    ServerInterceptor recordHeaders =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
            Map<String, String> seen = new TreeMap<>();
            for (String key : metadata.keys()) {
              if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                seen.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
              }
            }
            synchronized (methods) {
              methods.add(call.getMethodDescriptor().getFullMethodName());
              headers.add(seen);
            }
            return next.startCall(call, metadata);
          }
        };
    RankingServiceGrpc.RankingServiceImplBase service =
        new RankingServiceGrpc.RankingServiceImplBase() {
          @Override
          public void forYou(ForYouRequest request, StreamObserver<ForYouResponse> response) {
            synchronized (received) {
              received.add(request);
            }
            if (request.getUserId().equals("refused")) {
              response.onError(
                  Status.INVALID_ARGUMENT.withDescription("user_id: refused").asRuntimeException());
              return;
            }
            response.onNext(answer(request));
            response.onCompleted();
          }
        };
    Server server =
        NettyServerBuilder.forPort(0)
            .addService(ServerInterceptors.intercept(service, recordHeaders))
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      ForYouRequest request =
          RankLatencyBenchmark.requests("described", 20, 50, 10, 5, 1).get(0).proto();
      ForYouResponse fromStub =
          RankingServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .forYou(request);
      byte[] answer =
          PreEncodedForYou.stub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .forYou(PreEncodedForYou.encode(request));

      assertThat(ForYouResponse.parseFrom(answer)).isEqualTo(fromStub).isEqualTo(answer(request));
      assertThat(received).containsExactly(request, request);
      assertThat(methods)
          .containsExactly(
              "overdrive.v1.RankingService/ForYou", "overdrive.v1.RankingService/ForYou");
      // the same headers (the deadline's value differs by the time left)
      assertThat(headers.get(1).keySet())
          .isEqualTo(headers.get(0).keySet())
          .contains("grpc-timeout");
      headers.forEach(h -> h.remove("grpc-timeout"));
      assertThat(headers.get(1)).isEqualTo(headers.get(0));
      // a refusal reaches the caller as the generated stub's does
      byte[] refused = PreEncodedForYou.encode(request.toBuilder().setUserId("refused").build());
      assertThatThrownBy(() -> PreEncodedForYou.stub(channel).forYou(refused))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).isEqualTo("user_id: refused");
              });
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void eventLoopCallersCountAnsweredCallsAndRefusalsApartAndEndWithThePhase() throws Exception {
    List<ForYouRequest> received = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    RankingServiceGrpc.RankingServiceImplBase service =
        new RankingServiceGrpc.RankingServiceImplBase() {
          @Override
          public void forYou(ForYouRequest request, StreamObserver<ForYouResponse> response) {
            synchronized (received) {
              received.add(request);
            }
            if (request.getUserId().equals("refused")) {
              response.onError(Status.INVALID_ARGUMENT.asRuntimeException());
              return;
            }
            response.onNext(answer(request));
            response.onCompleted();
          }
        };
    Server server = NettyServerBuilder.forPort(0).addService(service).build().start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      ForYouRequest ok = RankLatencyBenchmark.requests("ids", 5, 50, 10, 5, 1).get(0).proto();
      byte[] good = PreEncodedForYou.encode(ok);
      long[] nanos = new long[1 << 16];
      RankLatencyBenchmark.Phase answered =
          EventLoopCallers.run(List.of(channel), List.of(good, good), 2, 0.2, nanos);
      assertThat(answered.errors()).isZero();
      // each chain's calls are timed until the phase ends, its last one included
      assertThat(answered.count()).isGreaterThanOrEqualTo(2);
      assertThat(received).hasSize(answered.count()).containsOnly(ok);
      assertThat(nanos[answered.count() - 1]).isPositive();

      received.clear();
      byte[] refused = PreEncodedForYou.encode(ok.toBuilder().setUserId("refused").build());
      RankLatencyBenchmark.Phase mixed =
          EventLoopCallers.run(List.of(channel), List.of(good, refused), 1, 0.2, new long[1 << 16]);
      assertThat(mixed.errors()).isPositive();
      assertThat(mixed.count() + mixed.errors()).isEqualTo(received.size());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** An answer naming the request's candidates in reverse, so its bytes depend on the request. */
  private static ForYouResponse answer(ForYouRequest request) {
    ForYouResponse.Builder b =
        ForYouResponse.newBuilder().setUserId(request.getUserId()).setRankingId("r1");
    for (int i = request.getCandidatesCount() - 1; i >= 0; i--) {
      b.addItems(
          RankedItem.newBuilder()
              .setId(request.getCandidates(i).getId())
              .setRank(request.getCandidatesCount() - i)
              .setScore(i / 10.0)
              .addReasons("because " + i));
    }
    return b.build();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
