package io.overdrive.api.catalogue;

import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.api.retrieval.SourceOrder;
import io.overdrive.catalogue.CatalogueIngestor;
import io.overdrive.catalogue.CatalogueLog;
import io.overdrive.catalogue.CatalogueSink;
import io.overdrive.catalogue.FreshItem;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.catalogue.InMemoryCatalogueLog;
import io.overdrive.catalogue.InProcessCatalogueSink;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.source.CandidateSource;
import io.overdrive.ranking.source.FreshCandidates;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Wires the item catalogue: the fresh pool and takedown log (in Redis with {@code
 * OVERDRIVE_REDIS_URL}, else in memory), this replica's {@link FreshItemFeed} of it (which feeds
 * the in-process index, the newest-items fallback and the fresh candidates), and, standalone, the
 * in-process catalogue sink with the API's own archive ({@code OVERDRIVE_ARCHIVE_DIR}). With {@code
 * OVERDRIVE_KAFKA_BROKERS}, {@link KafkaCatalogueConfiguration} publishes changes instead and the
 * consumer applies and archives them.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogueConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CatalogueConfiguration.class);

  /** How often a finished-or-due archive part is sealed (made readable). */
  static final Duration ARCHIVE_SEAL_INTERVAL = Duration.ofSeconds(30);

  @Bean
  CatalogueLog catalogueLog(FeatureStore store) {
    return store instanceof RedisFeatureStore redis
        ? redis.catalogueLog()
        : new InMemoryCatalogueLog();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  FreshItemFeed freshItemFeed(
      CatalogueLog catalogueLog,
      FeatureStore store,
      InterestTaxonomy taxonomy,
      CatalogueProperties props,
      RecentCatalogue recent,
      Clock clock) {
    FreshItemFeed feed =
        new FreshItemFeed(catalogueLog, store, taxonomy, props.freshItems(), clock);
    // posted items are candidates of last resort too (a fresh install without a model)
    feed.addListener(
        new FreshItemFeed.Listener() {
          @Override
          public void arrived(List<FreshItem> items) {
            recent.add(items.stream().map(FreshItem::id).toList());
          }

          @Override
          public void takenDown(Collection<String> itemIds) {
            recent.remove(itemIds);
          }
        });
    return feed;
  }

  /** Fresh items join the candidates of a request without any, after retrieval's. */
  @Bean
  @Order(SourceOrder.FRESH)
  CandidateSource freshCandidates(FreshItemFeed feed, CatalogueProperties props) {
    return new FreshCandidates(feed, props.freshCandidates());
  }

  /** Standalone only: the API keeps the training archive the consumer keeps in distributed mode. */
  @Bean(destroyMethod = "close")
  @ConditionalOnArchive
  ArchiveWriter apiArchiveWriter(CatalogueProperties props, Clock clock) {
    log.info(
        "Archive: {} (events, items, users; parts finished every {} s)",
        props.archivePath().toAbsolutePath(),
        props.archiveRollSeconds());
    return new ArchiveWriter(
        props.archivePath(), Duration.ofSeconds(props.archiveRollSeconds()), 256L << 20, clock);
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  @ConditionalOnArchive
  ArchiveSealer archiveSealer(ArchiveWriter writer) {
    return new ArchiveSealer(writer, ARCHIVE_SEAL_INTERVAL);
  }

  @Bean
  CatalogueIngestor catalogueIngestor(
      FeatureStore store,
      CatalogueLog catalogueLog,
      CatalogueProperties props,
      ObjectProvider<ArchiveWriter> archive,
      OverdriveProperties overdrive,
      Clock clock) {
    if (props.archiveEnabled() && overdrive.kafkaEnabled()) {
      log.warn(
          "OVERDRIVE_ARCHIVE_DIR is ignored by the API with OVERDRIVE_KAFKA_BROKERS set: the"
              + " consumer keeps the archive");
    }
    return new CatalogueIngestor(
        store,
        catalogueLog,
        props.freshItems(),
        Optional.ofNullable(archive.getIfAvailable()),
        clock);
  }

  @Bean
  @ConditionalOnMissingBean(CatalogueSink.class)
  CatalogueSink inProcessCatalogueSink(CatalogueIngestor ingestor, FreshItemFeed feed) {
    log.info("Catalogue: applied in-process (standalone; set OVERDRIVE_KAFKA_BROKERS for Kafka)");
    return new InProcessCatalogueSink(ingestor, feed);
  }
}
