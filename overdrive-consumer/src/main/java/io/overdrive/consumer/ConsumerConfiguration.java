package io.overdrive.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventIngestor;
import io.overdrive.events.InterestHistory;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wires the consumer: the common learning core (taxonomy, updater, ingestor) over the Redis feature
 * store, the archive, and Kafka (a batch listener container, the dead-letter producer, the topics).
 * Kafka clients are built here from {@link ConsumerProperties}, so one set of {@code OVERDRIVE_*}
 * settings is the whole configuration.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ConsumerConfiguration.class);
  static final String CONTAINER_FACTORY = "interactionBatchContainerFactory";

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  InterestTaxonomy interestTaxonomy(ConsumerProperties props) {
    return InterestTaxonomy.fromSetting(props.taxonomyFile());
  }

  @Bean
  LearningSettings learningSettings() {
    return LearningSettings.defaults();
  }

  @Bean
  InteractionUpdater interactionUpdater(InterestTaxonomy taxonomy, LearningSettings learning) {
    return new InteractionUpdater(taxonomy, learning);
  }

  @Bean(destroyMethod = "close")
  FeatureStore featureStore(ConsumerProperties props, LearningSettings learning) {
    RedisFeatureStore store =
        RedisFeatureStore.connect(
            props.redisSettings(),
            learning,
            Duration.ofSeconds(props.redisConnectPatienceSeconds()));
    log.info("Feature store: {}", store.describe());
    return store;
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

  /** Absent when {@code OVERDRIVE_ARCHIVE_DIR} is set to an empty value. */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("!'${overdrive.archive-dir:archive}'.isBlank()")
  ArchiveWriter archiveWriter(ConsumerProperties props, Clock clock) {
    log.info("Archive: {}", props.archivePath().toAbsolutePath());
    return new ArchiveWriter(
        props.archivePath(), Duration.ofSeconds(props.archiveRollSeconds()), 256L << 20, clock);
  }

  @Bean
  DefaultKafkaConsumerFactory<byte[], byte[]> interactionConsumerFactory(
      ConsumerProperties props, MeterRegistry registry) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafkaBrokers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, props.consumerGroup());
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // offsets are committed by the container after a batch is applied, never in the background
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // a new group starts at the oldest retained event: nothing accepted before it came up is lost
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, props.consumerMaxPollRecords());
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    DefaultKafkaConsumerFactory<byte[], byte[]> f = new DefaultKafkaConsumerFactory<>(c);
    f.addListener(new MicrometerConsumerListener<>(registry));
    return f;
  }

  @Bean
  ConcurrentKafkaListenerContainerFactory<byte[], byte[]> interactionBatchContainerFactory(
      DefaultKafkaConsumerFactory<byte[], byte[]> consumerFactory,
      ConsumerProperties props,
      ConsumerMetrics metrics) {
    var factory = new ConcurrentKafkaListenerContainerFactory<byte[], byte[]>();
    factory.setConsumerFactory(consumerFactory);
    factory.setBatchListener(true);
    factory.setConcurrency(props.consumerConcurrency());
    ContainerProperties cp = factory.getContainerProperties();
    // commit a batch's offsets only once the listener returned, i.e. after the Redis writes
    cp.setAckMode(ContainerProperties.AckMode.BATCH);
    cp.setSyncCommits(true);
    cp.setShutdownTimeout(Duration.ofSeconds(props.shutdownTimeoutSeconds()).toMillis());
    factory.setCommonErrorHandler(retryForever(metrics));
    return factory;
  }

  /**
   * A batch that failed as a whole (Redis or the archive unavailable, the dead-letter topic not
   * acknowledging) is retried with back-off until it succeeds or the container stops, while the
   * consumer keeps polling paused so it stays in its group; it is never skipped. Events that cannot
   * be read never get here: the listener sends them to the dead-letter topic itself.
   */
  static DefaultErrorHandler retryForever(ConsumerMetrics metrics) {
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(10_000);
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            (record, e) -> {
              throw new IllegalStateException("a batch is never skipped", e);
            },
            backOff);
    handler.setRetryListeners(metrics);
    return handler;
  }

  @Bean
  DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducerFactory(
      ConsumerProperties props, MeterRegistry registry) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafkaBrokers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    DefaultKafkaProducerFactory<byte[], byte[]> f = new DefaultKafkaProducerFactory<>(p);
    f.addListener(new MicrometerProducerListener<>(registry));
    return f;
  }

  @Bean
  KafkaTemplate<byte[], byte[]> deadLetterTemplate(
      DefaultKafkaProducerFactory<byte[], byte[]> factory) {
    return new KafkaTemplate<>(factory);
  }

  /** Creates the topics when missing (development, benchmarks); existing topics are left alone. */
  @Bean
  KafkaAdmin kafkaAdmin(ConsumerProperties props) {
    KafkaAdmin admin =
        new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafkaBrokers()));
    admin.setFatalIfBrokerNotAvailable(false);
    return admin;
  }

  @Bean
  NewTopic interactionsTopic(ConsumerProperties props) {
    return TopicBuilder.name(props.eventsTopic()).partitions(props.topicPartitions()).build();
  }

  @Bean
  NewTopic rankingsTopic(ConsumerProperties props) {
    return TopicBuilder.name(props.rankingsTopic()).partitions(props.topicPartitions()).build();
  }

  /** Per-arm outcome counters as Prometheus counters (what this consumer applied). */
  @Bean
  OutcomeMetrics outcomeMetrics(MeterRegistry registry) {
    return new OutcomeMetrics(registry);
  }

  @Bean
  NewTopic deadLetterTopic(ConsumerProperties props) {
    return TopicBuilder.name(props.deadLetterTopic()).partitions(1).build();
  }
}
