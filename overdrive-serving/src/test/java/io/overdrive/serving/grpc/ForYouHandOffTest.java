package io.overdrive.serving.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.UserFeatures;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import io.overdrive.proto.v1.RankingServiceGrpc;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.serving.index.LiveIndex;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ForwardingFeatureStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ForYou's callbacks run on the Netty I/O thread that read the call and its ranking on the call
 * pool ({@link GrpcServer#onIoThread}, {@link RankingGrpcService}): a ranking that waits for its
 * store must hold no I/O thread, and the hand-off must carry the call's context (its deadline and
 * cancellation). A real server over Netty; the store waits until the test lets it go.
 */
class ForYouHandOffTest {
  private final PipelineFixture f = new PipelineFixture();
  private final WaitingStore store = new WaitingStore(f.store);
  private GrpcServer server;
  private ManagedChannel channel;

  private void start(int callThreads) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ForYouService forYou =
        new ForYouService(
            new ForYouRanker(
                ForYouPipelines.standard(
                    store, f.taxonomy, f.learning, registry, List.of(), List.of()),
                ExperimentAssigner.none(RankingSettings.defaults()),
                Clock.systemUTC()),
            new RecentCatalogue(100),
            registry);
    var pool = GrpcServer.callPool(callThreads);
    server =
        new GrpcServer(0, pool, new LiveIndex(), List.of(new RankingGrpcService(forYou, pool)));
    server.start();
    // one channel: one HTTP/2 connection, whose calls one server I/O thread reads
    channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    store.release.countDown();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static ForYouRequest request(String user) {
    return ForYouRequest.newBuilder()
        .setUserId(user)
        .setLimit(2)
        .addCandidates(
            CandidateItem.newBuilder()
                .setId("p1")
                .setContent("new #ps5 trailer")
                .addHashtags("gaming")
                .setAuthorId("a1"))
        .addCandidates(CandidateItem.newBuilder().setId("p2").addHashtags("food").setAuthorId("a2"))
        .build();
  }

  private RankingServiceGrpc.RankingServiceFutureStub async() {
    return RankingServiceGrpc.newFutureStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private RankingServiceGrpc.RankingServiceBlockingStub blocking() {
    return RankingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Test
  void aRankingWaitingForItsStoreHoldsNoIoThread() throws Exception {
    start(2);
    ListenableFuture<ForYouResponse> slow = async().forYou(request("slow-user"));
    assertThat(store.waiting.await(60, TimeUnit.SECONDS)).isTrue();

    // the same connection, while the first ranking waits on a call thread: health and another
    // ranking are read (and answered) by the I/O thread the waiting call came in on
    ServingStatus health =
        HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .check(HealthCheckRequest.newBuilder().setService(GrpcServer.RANKING).build())
            .getStatus();
    ForYouResponse other = blocking().forYou(request("u2"));

    assertThat(health).isEqualTo(ServingStatus.SERVING);
    assertThat(other.getItemsList()).hasSize(2);
    assertThat(slow.isDone()).isFalse();
    store.release.countDown();
    assertThat(slow.get(60, TimeUnit.SECONDS).getItemsList()).hasSize(2);
  }

  @Test
  void aCallWhoseDeadlinePassesWhileItWaitsForACallThreadIsNotRanked() throws Exception {
    start(1);
    ListenableFuture<ForYouResponse> slow = async().forYou(request("slow-user"));
    assertThat(store.waiting.await(60, TimeUnit.SECONDS)).isTrue();

    // the one call thread waits in the store: this call waits behind it until its deadline
    ListenableFuture<ForYouResponse> late =
        RankingServiceGrpc.newFutureStub(channel)
            .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
            .forYou(request("late-user"));
    assertThatThrownBy(() -> late.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    store.release.countDown();
    assertThat(slow.get(60, TimeUnit.SECONDS).getItemsList()).hasSize(2);
    // the pool runs its tasks in order: once this call is answered, the late one's turn is over
    assertThat(blocking().forYou(request("after-user")).getItemsList()).hasSize(2);

    assertThat(store.reads("late-user")).isZero();
    assertThat(store.reads("after-user")).isOne();
  }

  /** A store whose reads of {@code slow-*} users wait until {@link #release}; reads counted. */
  private static final class WaitingStore extends ForwardingFeatureStore {
    final CountDownLatch waiting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    WaitingStore(FeatureStore delegate) {
      super(delegate);
    }

    int reads(String user) {
      AtomicInteger n = reads.get(user);
      return n == null ? 0 : n.get();
    }

    @Override
    public UserFeatures user(String userId, Instant now) {
      reads.computeIfAbsent(userId, u -> new AtomicInteger()).incrementAndGet();
      if (userId.startsWith("slow-")) {
        waiting.countDown();
        try {
          if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return super.user(userId, now);
    }
  }
}
