package io.overdrive.serving.config;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.catalogue.CatalogueLog;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.UserEmbedder;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.outcomes.RankingLogs;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.scorer.SequenceScorer;
import io.overdrive.ranking.scorer.TwoTowerScorer;
import io.overdrive.ranking.source.FreshCandidates;
import io.overdrive.ranking.source.RetrievalCandidates;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.serving.faiss.FaissLibrary;
import io.overdrive.serving.grpc.GrpcServer;
import io.overdrive.serving.grpc.OverdriveToggleInterceptor;
import io.overdrive.serving.grpc.RankingGrpcService;
import io.overdrive.serving.grpc.RetrievalGrpcService;
import io.overdrive.serving.index.FreshItemIndexer;
import io.overdrive.serving.index.IndexBackend;
import io.overdrive.serving.index.IndexLifecycle;
import io.overdrive.serving.index.IndexSnapshots;
import io.overdrive.serving.index.IndexSpec;
import io.overdrive.serving.index.IndexUserEmbedder;
import io.overdrive.serving.index.LiveIndex;
import io.overdrive.serving.metrics.CallMetrics;
import io.overdrive.store.ErasedUsers;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.ItemCachingFeatureStore;
import io.overdrive.store.ProfileCipher;
import io.overdrive.store.RedisCatalogueLog;
import io.overdrive.store.RedisFeatureStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the node: the live index and its lifecycle, the For You pipeline, the gRPC server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ServingProperties.class,
  FreshItemProperties.class,
  RankingLogSettings.class
})
public class ServingConfiguration {
  /** Items the ForYou item cache holds at most (the API's bound). */
  private static final int ITEM_CACHE_ENTRIES = 200_000;

  private static final Logger log = LoggerFactory.getLogger(ServingConfiguration.class);

  /** Most recent items averaged into a user's query when no user tower is loaded. */
  static final int RECENT_ITEMS_FOR_QUERY = 50;

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  IndexSpec indexSpec(ServingProperties p) {
    IndexBackend backend =
        switch (p.indexBackend()) {
          case "faiss" -> {
            FaissLibrary.unavailableReason()
                .ifPresent(
                    r -> {
                      throw new IllegalStateException("OVERDRIVE_INDEX_BACKEND=faiss, but " + r);
                    });
            yield IndexBackend.FAISS;
          }
          case "jvector" -> IndexBackend.JVECTOR;
          case "exact" -> IndexBackend.EXACT;
          default -> {
            var reason = FaissLibrary.unavailableReason();
            if (reason.isPresent()) {
              log.warn("FAISS unavailable ({}): serving with jvector", reason.get());
              yield IndexBackend.JVECTOR;
            }
            yield IndexBackend.FAISS;
          }
        };
    return new IndexSpec(
        backend,
        p.indexFactory(),
        p.efSearch(),
        p.nprobe(),
        p.efConstruction(),
        p.jvectorDegree(),
        p.faissGpu(),
        p.buildThreadsOrCores(),
        p.buildThreadsOrCores());
  }

  @Bean
  LiveIndex liveIndex() {
    return new LiveIndex();
  }

  @Bean
  IndexLifecycle indexLifecycle(ServingProperties p, IndexSpec spec, LiveIndex live) {
    return new IndexLifecycle(
        p.modelDir() == null ? null : new ModelVersions(p.modelDir()),
        p.indexDir() == null ? null : new IndexSnapshots(p.indexDir()),
        spec,
        p.modelPollInterval(),
        p.snapshotInterval(),
        live);
  }

  @Bean
  LearningSettings learningSettings() {
    return LearningSettings.defaults();
  }

  @Bean
  InterestTaxonomy interestTaxonomy() {
    return InterestTaxonomy.loadDefault();
  }

  /** Users' features: Redis (shared with the consumer and the API) or, standalone, in memory. */
  @Bean(destroyMethod = "close")
  FeatureStore featureStore(ServingProperties p, LearningSettings learning) {
    if (p.redisUrl() != null && !p.redisUrl().isBlank()) {
      // the same profile keys as the API: the user tower reads the signup interests
      FeatureStore redis =
          RedisFeatureStore.connect(
              p.redisSettings(),
              learning,
              java.time.Duration.ofSeconds(p.redisConnectPatienceSeconds()),
              ProfileCipher.fromSetting(p.profileKeys()));
      log.info("Feature store: {}", redis.describe());
      return redis;
    }
    log.info("Feature store: in-memory (set OVERDRIVE_REDIS_URL to read users from Redis)");
    return new InMemoryFeatureStore(
        learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
  }

  /** The store's erasure tombstones, re-read every second: erased users get no id embedding. */
  @Bean(destroyMethod = "close")
  ErasedUsers erasedUsers(FeatureStore store) {
    return ErasedUsers.watching(store, ErasedUsers.DEFAULT_REFRESH);
  }

  /** The served model's user tower, or the mean of recent items' vectors without one. */
  @Bean
  UserQueries userQueries(
      LiveIndex live, InterestTaxonomy taxonomy, LearningSettings learning, ErasedUsers erased) {
    return new UserQueries(
        new IndexUserEmbedder(
            live, taxonomy, learning.parentShare(), RECENT_ITEMS_FOR_QUERY, erased));
  }

  /**
   * The learned scorers of the For You pipeline, as the API runs them: the current model's
   * two-tower and sequence scores (no model yet = no learned signal).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "overdrive", name = "model-dir")
  ModelRegistry modelRegistry(ServingProperties p) {
    return ModelRegistry.watching(p.modelDir(), p.modelPollInterval());
  }

  /**
   * The fresh pool and takedown log the consumer writes (Redis), followed by this node: fresh items
   * join its index and its ForYou candidates, taken-down ones leave (decision 0305).
   */
  @Bean
  CatalogueLog catalogueLog(FeatureStore store) {
    return RedisCatalogueLog.beside(store);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  FreshItemFeed freshItemFeed(
      CatalogueLog catalogueLog,
      FeatureStore store,
      InterestTaxonomy taxonomy,
      FreshItemProperties fresh,
      LiveIndex live,
      Clock clock) {
    FreshItemFeed feed = new FreshItemFeed(catalogueLog, store, taxonomy, fresh.settings(), clock);
    new FreshItemIndexer(live, feed).attach();
    return feed;
  }

  @Bean
  ForYouRanker forYouRanker(
      ServingProperties p,
      FreshItemProperties fresh,
      FreshItemFeed feed,
      FeatureStore store,
      LiveIndex live,
      UserQueries users,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      Clock clock,
      ObjectProvider<ModelRegistry> models,
      ErasedUsers erased) {
    RankingSettings settings = RankingSettings.defaults();
    ModelRegistry model = models.getIfAvailable();
    FeatureStore rankingStore = rankingStore(p, store);
    if (rankingStore instanceof ItemCachingFeatureStore cached) {
      // what the consumer changed or took down is read afresh at the next ForYou, not a TTL later
      feed.addListener(FreshItemFeed.Listener.onAnyChange(cached::forget));
    }
    return new ForYouRanker(
        ForYouPipelines.standard(
            rankingStore,
            taxonomy,
            learning,
            registry,
            List.of(
                new RetrievalCandidates(live, null, users.embedder(), p.retrievalCandidates()),
                new FreshCandidates(feed, fresh.freshCandidates())),
            models.stream()
                .flatMap(m -> Stream.of(new TwoTowerScorer(m, erased), new SequenceScorer(m)))
                .toList(),
            fresh.settings(),
            // the trained blend travels with the model version it was fitted on
            () -> model == null ? Optional.empty() : model.current().flatMap(LoadedModel::blend)),
        ExperimentAssigner.none(settings),
        clock);
  }

  /**
   * The store as ForYou reads it: with Redis, item reads are reused for {@code
   * OVERDRIVE_ITEM_CACHE_TTL} as at the API (500 candidates read from Redis on every call cost the
   * gRPC edge twice the CPU of the REST one; docs/benchmarks.md).
   */
  static FeatureStore rankingStore(ServingProperties p, FeatureStore store) {
    return store instanceof InMemoryFeatureStore || p.itemCacheTtl().isZero()
        ? store
        : new ItemCachingFeatureStore(store, p.itemCacheTtl(), ITEM_CACHE_ENTRIES);
  }

  /** The ids callers sent as candidates, newest first, as the API keeps them. */
  @Bean
  RecentCatalogue recentCatalogue() {
    return new RecentCatalogue(RecentCatalogue.DEFAULT_CAPACITY);
  }

  /**
   * The served-ranking log: published to Kafka when {@code OVERDRIVE_KAFKA_BROKERS} is set (the
   * consumer counts and archives), else counted by a background writer into the node's store.
   */
  @Bean
  RankingLog rankingLog(RankingLogSettings settings, FeatureStore store, MeterRegistry registry) {
    RankingLog rankingLog =
        RankingLogs.open(
            settings.rankingLog(),
            settings.kafkaBrokers(),
            settings.rankingsTopic(),
            store,
            null,
            new OutcomeMetrics(registry),
            registry,
            settings.rankingLogQueue());
    log.info("Served-ranking log: {}", rankingLog.describe());
    return rankingLog;
  }

  /**
   * The For You call with the API's bookkeeping (candidates metric, catalogue, ranking id,
   * served-ranking log, exposures).
   */
  @Bean
  ForYouService forYouService(
      ForYouRanker ranker,
      RecentCatalogue catalogue,
      MeterRegistry registry,
      RankingLog rankingLog,
      Clock clock) {
    return new ForYouService(ranker, catalogue, registry, rankingLog, clock);
  }

  @Bean
  GrpcServer grpcServer(
      ServingProperties p,
      LiveIndex live,
      FeatureStore store,
      UserQueries users,
      ForYouService forYou,
      Clock clock,
      CallMetrics calls) {
    ExecutorService pool = GrpcServer.callPool(p.callThreadsOrDefault());
    List<BindableService> services =
        List.of(
            calls.timed(
                new RetrievalGrpcService(
                    live,
                    store,
                    users.embedder(),
                    clock,
                    new RetrievalGrpcService.Limits(
                        p.maxK(), p.maxBatchQueries(), p.maxUpsertItems()))),
            calls.timed(
                () ->
                    ServerInterceptors.intercept(
                        new RankingGrpcService(forYou, pool), new OverdriveToggleInterceptor())));
    return new GrpcServer(p.grpcPort(), pool, live, services);
  }

  /** The embedder user-id searches and For You retrieval use. */
  public record UserQueries(UserEmbedder embedder) {}
}
