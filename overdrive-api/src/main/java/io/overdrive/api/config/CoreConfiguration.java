package io.overdrive.api.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.api.catalogue.CatalogueProperties;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventIngestor;
import io.overdrive.events.EventSink;
import io.overdrive.events.InProcessEventSink;
import io.overdrive.events.InterestHistory;
import io.overdrive.experiments.Experiment;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.experiments.Experiments;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.ranking.source.CandidateSource;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.ItemCachingFeatureStore;
import io.overdrive.store.LastKnownFeatureStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the common core: one code path, standalone or distributed by what is configured. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CoreConfiguration.class);
  private static final int ITEM_CACHE_ENTRIES = 200_000;

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  InterestTaxonomy interestTaxonomy(OverdriveProperties props) {
    return InterestTaxonomy.fromSetting(props.taxonomyFile());
  }

  @Bean
  LearningSettings learningSettings() {
    return LearningSettings.defaults();
  }

  @Bean
  RankingSettings rankingSettings(OverdriveProperties props) {
    return RankingSettings.defaults()
        .withOverrides(Map.of("maturity_half_point", props.maturityHalfPoint()));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(FeatureStore.class)
  FeatureStore inMemoryFeatureStore(LearningSettings learning) {
    log.info("Feature store: in-memory (standalone; set OVERDRIVE_REDIS_URL to use Redis)");
    return new InMemoryFeatureStore(
        learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
  }

  @Bean
  InteractionUpdater interactionUpdater(InterestTaxonomy taxonomy, LearningSettings learning) {
    return new InteractionUpdater(taxonomy, learning);
  }

  /** Snapshots of learned interests over time (the console's User page), off the learning path. */
  @Bean(destroyMethod = "close")
  InterestHistory interestHistory(FeatureStore store) {
    return new InterestHistory(store).start();
  }

  @Bean
  EventIngestor eventIngestor(
      FeatureStore store, InteractionUpdater updater, InterestHistory history) {
    return new EventIngestor(store, updater, history);
  }

  @Bean
  @ConditionalOnMissingBean(EventSink.class)
  EventSink inProcessEventSink(
      EventIngestor ingestor, OutcomeMetrics outcomes, ObjectProvider<ArchiveWriter> archive) {
    log.info("Events: applied in-process (standalone; set OVERDRIVE_KAFKA_BROKERS to use Kafka)");
    return new InProcessEventSink(ingestor, outcomes::record, archive.getIfAvailable());
  }

  /**
   * The A/B experiment of {@code OVERDRIVE_EXPERIMENTS_FILE}, or everyone in "control". A bad file
   * fails the boot with the file and field at fault.
   */
  @Bean
  ExperimentAssigner experimentAssigner(OverdriveProperties props, RankingSettings settings) {
    if (!props.experimentsEnabled()) {
      return ExperimentAssigner.none(settings);
    }
    Experiment experiment = Experiments.load(Path.of(props.experimentsFile()), settings);
    log.info(
        "Experiment '{}': {}",
        experiment.name(),
        experiment.variants().stream()
            .map(v -> v.name() + " " + Math.round(v.traffic() * 100) + "%")
            .toList());
    return new ExperimentAssigner(experiment);
  }

  /**
   * The rankers: the full one and, with a remote store, the degraded one that answers while it is
   * unreachable. With a remote store the full ranker's item reads go through a short-lived cache
   * (OVERDRIVE_ITEM_CACHE_TTL): the same popular candidates come back request after request; the
   * degraded ranker reads what that cache last held, however old (docs/decisions/0206). The
   * replica's fresh-item feed empties the cache of items it hears changed or taken down.
   */
  @Bean
  Rankers forYouRankers(
      OverdriveProperties props,
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      ExperimentAssigner experiments,
      Clock clock,
      ObjectProvider<CandidateSource> candidateSources,
      ObjectProvider<ModelScorer> modelScorers,
      CatalogueProperties catalogue,
      ObjectProvider<ModelRegistry> models,
      FreshItemFeed feed) {
    ModelRegistry model = models.getIfAvailable();
    Function<FeatureStore, ForYouRanker> over =
        s ->
            new ForYouRanker(
                ForYouPipelines.standard(
                    s,
                    taxonomy,
                    learning,
                    registry,
                    candidateSources.orderedStream().toList(),
                    modelScorers.orderedStream().toList(),
                    catalogue.freshItems(),
                    // the trained blend travels with the model version it was fitted on
                    () ->
                        model == null
                            ? Optional.empty()
                            : model.current().flatMap(LoadedModel::blend)),
                experiments,
                clock);
    if (store instanceof InMemoryFeatureStore) {
      return new Rankers(over.apply(store), null);
    }
    ItemCachingFeatureStore cached =
        props.itemCacheTtl().isZero()
            ? null
            : new ItemCachingFeatureStore(store, props.itemCacheTtl(), ITEM_CACHE_ENTRIES);
    if (cached != null) {
      // an item posted, changed or taken down (here or at another replica) is read afresh at the
      // next ranking, not a TTL later; standalone, the DELETE's own poll of the feed does it
      // before the call answers
      feed.addListener(FreshItemFeed.Listener.onAnyChange(cached::forget));
    }
    return new Rankers(
        over.apply(cached == null ? store : cached),
        over.apply(
            new LastKnownFeatureStore(
                cached == null ? LastKnownFeatureStore.ItemMemory.NONE : cached)));
  }

  /** The full ranker, and the degraded one (null when the store is in this process). */
  public record Rankers(ForYouRanker full, ForYouRanker degraded) {}

  @Bean
  ForYouRanker forYouRanker(Rankers rankers) {
    return rankers.full();
  }

  /**
   * The For You call with its bookkeeping (ranking id, served-ranking log, exposures), as the
   * serving node's gRPC runs it too.
   */
  @Bean
  ForYouService forYouService(
      Rankers rankers,
      RecentCatalogue catalogue,
      MeterRegistry registry,
      RankingLog rankingLog,
      Clock clock) {
    return new ForYouService(
        rankers.full(), rankers.degraded(), catalogue, registry, rankingLog, clock);
  }
}
