package io.overdrive.api.catalogue;

import io.overdrive.api.events.AckedSender;
import io.overdrive.api.events.KafkaEventsConfiguration.KafkaEventsProperties;
import io.overdrive.catalogue.CatalogueSink;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Distributed mode's catalogue sink: with {@code OVERDRIVE_KAFKA_BROKERS} set, item and profile
 * changes are published with the events' producer (idempotent, {@code acks=all}) and the consumer
 * applies them. Without it, {@link CatalogueConfiguration} applies them in-process.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${overdrive.kafka-brokers:}'.isBlank()")
public class KafkaCatalogueConfiguration {
  private static final Logger log = LoggerFactory.getLogger(KafkaCatalogueConfiguration.class);

  /** Primary, so it wins over the in-process fallback whatever order configurations load in. */
  @Bean
  @Primary
  CatalogueSink kafkaCatalogueSink(
      KafkaTemplate<byte[], byte[]> eventKafkaTemplate,
      KafkaEventsProperties kafka,
      CatalogueProperties props) {
    log.info(
        "Catalogue: items published to Kafka topic {}, profiles to {} (applied by"
            + " overdrive-consumer)",
        props.itemsTopic(),
        props.usersTopic());
    return new KafkaCatalogueSink(
        new AckedSender(eventKafkaTemplate, Duration.ofMillis(kafka.kafkaSendTimeoutMs())),
        props.itemsTopic(),
        props.usersTopic());
  }
}
