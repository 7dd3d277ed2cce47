package io.overdrive.consumer.catalogue;

import io.overdrive.catalogue.CatalogueIngestor;
import io.overdrive.catalogue.CatalogueLog;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The consumer's catalogue side: items and signup profiles from their topics into Redis (items),
 * the fresh pool and takedown log, and the archive's {@code items-*} / {@code users-*} parts
 * (decision 0204), through common's {@link CatalogueIngestor}, as the standalone API applies them.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogueConsumerConfiguration {

  @Bean
  CatalogueLog catalogueLog(FeatureStore store) {
    if (!(store instanceof RedisFeatureStore redis)) {
      throw new IllegalStateException("the consumer's feature store is Redis, not " + store);
    }
    return redis.catalogueLog();
  }

  @Bean
  CatalogueIngestor catalogueIngestor(
      FeatureStore store,
      CatalogueLog catalogueLog,
      CatalogueConsumerProperties props,
      Optional<ArchiveWriter> archive,
      Clock clock) {
    return new CatalogueIngestor(store, catalogueLog, props.freshItems(), archive, clock);
  }

  /** Log-compacted: the topic keeps the latest record of every id (takedowns included). */
  @Bean
  NewTopic itemsTopic(CatalogueConsumerProperties props) {
    return compacted(props.itemsTopic(), props.topicPartitions());
  }

  @Bean
  NewTopic usersTopic(CatalogueConsumerProperties props) {
    return compacted(props.usersTopic(), props.topicPartitions());
  }

  @Bean
  NewTopic itemsDeadLetterTopic(CatalogueConsumerProperties props) {
    return TopicBuilder.name(props.itemsDeadLetterTopic()).partitions(1).build();
  }

  @Bean
  NewTopic usersDeadLetterTopic(CatalogueConsumerProperties props) {
    return TopicBuilder.name(props.usersDeadLetterTopic()).partitions(1).build();
  }

  private static NewTopic compacted(String name, int partitions) {
    return TopicBuilder.name(name)
        .partitions(partitions)
        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
        .build();
  }
}
