package io.overdrive.api.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.events.EventSink;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.validation.annotation.Validated;

/**
 * Distributed mode's event sink: with {@code OVERDRIVE_KAFKA_BROKERS} set, {@code POST /events}
 * publishes to Kafka ({@link KafkaEventSink}) and the consumer applies the events. Without it, the
 * core configuration applies them in-process.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${overdrive.kafka-brokers:}'.isBlank()")
@EnableConfigurationProperties(KafkaEventsConfiguration.KafkaEventsProperties.class)
public class KafkaEventsConfiguration {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventsConfiguration.class);

  /**
   * @param kafkaBrokers bootstrap servers ({@code OVERDRIVE_KAFKA_BROKERS}; not validated here: the
   *     properties scan binds this record in standalone mode too)
   * @param eventsTopic the interactions topic ({@code OVERDRIVE_EVENTS_TOPIC})
   * @param kafkaSendTimeoutMs how long {@code POST /events} waits for the broker's acknowledgement
   *     before answering 503 ({@code OVERDRIVE_KAFKA_SEND_TIMEOUT_MS})
   */
  @Validated
  @ConfigurationProperties(prefix = "overdrive")
  public record KafkaEventsProperties(
      String kafkaBrokers,
      @DefaultValue("overdrive.interactions") @NotBlank String eventsTopic,
      @DefaultValue("5000") @Min(500) @Max(120000) long kafkaSendTimeoutMs) {}

  @Bean
  DefaultKafkaProducerFactory<byte[], byte[]> eventProducerFactory(
      KafkaEventsProperties props, MeterRegistry registry) {
    int timeout = (int) props.kafkaSendTimeoutMs();
    int linger = 1;
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.kafkaBrokers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    // an event is acknowledged once every in-sync replica has it; retries cannot duplicate it
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // freshness: a request's events leave at once instead of waiting to fill a batch
    p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    // the whole send (metadata, retries, ack) fits in the request's time budget
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(100, timeout - linger - 100));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
    DefaultKafkaProducerFactory<byte[], byte[]> f = new DefaultKafkaProducerFactory<>(p);
    f.addListener(new MicrometerProducerListener<>(registry));
    return f;
  }

  @Bean
  KafkaTemplate<byte[], byte[]> eventKafkaTemplate(
      DefaultKafkaProducerFactory<byte[], byte[]> factory) {
    return new KafkaTemplate<>(factory);
  }

  /** Primary, so it wins over the in-process fallback whatever order configurations load in. */
  @Bean
  @Primary
  EventSink kafkaEventSink(
      KafkaTemplate<byte[], byte[]> eventKafkaTemplate, KafkaEventsProperties props, Clock clock) {
    log.info(
        "Events: published to Kafka topic {} at {} (applied by overdrive-consumer)",
        props.eventsTopic(),
        props.kafkaBrokers());
    return new KafkaEventSink(
        eventKafkaTemplate,
        props.eventsTopic(),
        Duration.ofMillis(props.kafkaSendTimeoutMs()),
        clock);
  }
}
