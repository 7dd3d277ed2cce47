package io.overdrive.api.retrieval;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.UserEmbedder;
import io.overdrive.proto.v1.InfoRequest;
import io.overdrive.proto.v1.RetrievalServiceGrpc;
import io.overdrive.ranking.source.CandidateSource;
import io.overdrive.ranking.source.RetrievalCandidates;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.retrieval.RecentItemsEmbedder;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * For You's candidate source when a request brings no candidates: the serving node over gRPC when
 * {@code OVERDRIVE_SERVING_ADDR} is set (falling back to in-process retrieval, and saying so, when
 * it cannot answer in time), otherwise in-process retrieval over the model's item embeddings.
 */
@Configuration(proxyBeanMethods = false)
public class RetrievalConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RetrievalConfiguration.class);
  static final int RECENT_ITEMS_FOR_QUERY = 50;

  /**
   * The newest items this instance has heard of: candidates of last resort while no model can
   * retrieve (a fresh install), so a request without candidates still gets a cold-start feed.
   */
  @Bean
  RecentCatalogue recentCatalogue() {
    return new RecentCatalogue(RecentCatalogue.DEFAULT_CAPACITY);
  }

  @Bean
  LocalItemIndex localItemIndex(ObjectProvider<ModelRegistry> models, FreshItemFeed fresh) {
    ModelRegistry registry = models.getIfAvailable();
    return registry == null ? LocalItemIndex.none() : LocalItemIndex.following(registry, fresh);
  }

  @Bean
  ServingChannel servingChannel(RetrievalProperties p) {
    if (!p.remote()) {
      return new ServingChannel(null);
    }
    // round_robin over every address the name resolves to: with a headless Service
    // (dns:///serving:9090) calls spread over all serving pods instead of pinning one connection
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(p.servingAddr())
            .defaultLoadBalancingPolicy("round_robin")
            .usePlaintext()
            .build();
    // connect now and warm the call path once, so the first For You request does not pay for the
    // connection and class loading inside its retrieval deadline
    channel.getState(true);
    Thread warmup =
        new Thread(
            () -> {
              try {
                RetrievalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .info(InfoRequest.getDefaultInstance());
              } catch (RuntimeException e) {
                log.warn("serving node {} not reachable yet: {}", p.servingAddr(), e.getMessage());
              }
            },
            "serving-warmup");
    warmup.setDaemon(true);
    warmup.start();
    return new ServingChannel(channel);
  }

  @Bean
  @Order(SourceOrder.RETRIEVAL)
  CandidateSource retrievalCandidates(
      RetrievalProperties p,
      LocalItemIndex local,
      RecentCatalogue catalogue,
      ServingChannel serving,
      ObjectProvider<UserEmbedder> userTower,
      ObjectProvider<ModelRegistry> models) {
    ModelRegistry registry = models.getIfAvailable();
    // the model's user tower where one is loaded; otherwise the mean of recent items, which
    // needs local item embeddings (or, remotely, the node embeds the user itself)
    UserEmbedder embedder =
        userTower.getIfAvailable(
            () ->
                p.remote() && registry == null
                    ? null
                    : new RecentItemsEmbedder(
                        local::vector, local::modelVersion, RECENT_ITEMS_FOR_QUERY));
    if (p.remote()) {
      log.info(
          "For You retrieval: serving node {} (deadline {} ms), fallback {}",
          p.servingAddr(),
          p.servingDeadline().toMillis(),
          registry == null
              ? "the newest items known (no OVERDRIVE_MODEL_DIR)"
              : "in-process over " + registry.root());
      return new RetrievalCandidates(
          new GrpcRetriever(serving.channel(), p.servingDeadline()),
          registry == null ? catalogue : local,
          embedder,
          p.retrievalCandidates());
    }
    log.info(
        "For You retrieval: in-process exact search over {} (set OVERDRIVE_SERVING_ADDR for the"
            + " serving node)",
        registry == null
            ? "nothing (no OVERDRIVE_MODEL_DIR: the newest items known are the candidates)"
            : registry.root());
    return new RetrievalCandidates(local, catalogue, embedder, p.retrievalCandidates());
  }

  /** The channel to the serving node (null in standalone mode), closed with the context. */
  public record ServingChannel(ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      if (channel != null) {
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      }
    }
  }
}
