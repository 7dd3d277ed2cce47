package io.overdrive.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.features.LearningSettings;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The consumer against the container images docker-compose runs (apache/kafka, valkey), where a
 * Docker engine is available; skipped without one. The same behaviour is tested everywhere against
 * the embedded KRaft broker and a local redis-server ({@link ConsumerLoopTest}, {@link
 * ConsumerRestartTest}); this test checks it holds against the production images too.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConsumerContainersTest {
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

  @Container
  static final GenericContainer<?> REDIS =
      new GenericContainer<>("valkey/valkey:8.1-alpine").withExposedPorts(6379);

  @Test
  void eventsOnTheTopicAreLearnedOnceInRedisAndCommitted(@TempDir Path archive) {
    String topic = "containers";
    String redisUrl = "redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379);
    try (KafkaTestClient kafka = new KafkaTestClient(KAFKA.getBootstrapServers());
        FeatureStore observer =
            RedisFeatureStore.connect(
                RedisStoreSettings.of(redisUrl), LearningSettings.defaults())) {
      kafka.createTopic(topic, 3);
      kafka.publish(topic, TestEvents.events("c-", 0, 500));
      // a redelivery of the same events (e.g. a producer retry) must not count twice
      kafka.publish(topic, TestEvents.events("c-", 0, 500));
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(OverdriveConsumerApplication.class)
              .run(
                  "--overdrive.kafka-brokers=" + KAFKA.getBootstrapServers(),
                  "--overdrive.redis-url=" + redisUrl,
                  "--overdrive.archive-dir=" + archive,
                  "--overdrive.events-topic=" + topic,
                  "--overdrive.dead-letter-topic=" + topic + ".dlt",
                  "--overdrive.consumer-group=group-" + topic,
                  "--server.port=0")) {
        await()
            .atMost(Duration.ofSeconds(120))
            .untilAsserted(
                () -> {
                  assertThat(kafka.committed("group-" + topic, topic)).isEqualTo(1000);
                  assertThat(TestEvents.countedOnItems(observer, "c-")).isEqualTo(500);
                });
      }
    }
  }
}
