package io.overdrive.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.overdrive.domain.Interaction;
import io.overdrive.events.EventArchive;
import io.overdrive.features.LearningSettings;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Consumers that stop mid-stream — gracefully, killed, or cut off from Redis — lose no event and
 * count none twice once a consumer runs again. Each test has its own topic, group and Redis.
 */
@EmbeddedKafka(partitions = 3)
class ConsumerRestartTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void aConsumerStoppedGracefullyMidStreamAndRestartedLosesNoEvent(
      EmbeddedKafkaBroker broker, @TempDir Path archive) {
    String topic = "restart-graceful";
    try (RedisServer redis = RedisServer.start();
        KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());
        FeatureStore observer = observe(redis)) {
      kafka.createTopic(topic, 3);
      kafka.publish(topic, TestEvents.events("g-", 0, 6000));
      ConfigurableApplicationContext first = consumer(broker, redis, archive, topic);
      await().atMost(PATIENCE).until(() -> TestEvents.countedOnItems(observer, "g-") >= 600);
      first.close();
      // what arrives while no consumer runs waits on the topic
      kafka.publish(topic, TestEvents.events("g-", 6000, 3000));
      try (ConfigurableApplicationContext second = consumer(broker, redis, archive, topic)) {
        awaitAllCommitted(kafka, topic, observer, "g-", 9000);
      }
      assertArchived(archive, "g-", 9000);
    }
  }

  @Test
  void aConsumerKilledMidStreamAndRestartedLosesNoEventAndCountsNoneTwice(
      EmbeddedKafkaBroker broker, @TempDir Path archive) throws Exception {
    String topic = "restart-killed";
    try (RedisServer redis = RedisServer.start();
        KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());
        FeatureStore observer = observe(redis)) {
      kafka.createTopic(topic, 3);
      kafka.publish(topic, TestEvents.events("k-", 0, 20_000));
      Process killed = consumerProcess(broker, redis, archive, topic);
      try {
        await()
            .atMost(PATIENCE)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> TestEvents.countedOnItems(observer, "k-") >= 2000);
      } finally {
        killed.destroyForcibly().waitFor(); // SIGKILL: no shutdown, batch in hand half done
      }
      long atKill = TestEvents.countedOnItems(observer, "k-");
      try (ConfigurableApplicationContext second = consumer(broker, redis, archive, topic)) {
        awaitAllCommitted(kafka, topic, observer, "k-", 20_000);
      }
      assertThat(atKill).as("killed mid-stream").isLessThan(20_000);
      assertArchived(archive, "k-", 20_000);
    }
  }

  @Test
  void whileRedisIsDownNothingIsCommittedAndEverythingIsAppliedWhenItIsBack(
      EmbeddedKafkaBroker broker, @TempDir Path archive) {
    String topic = "restart-redis-down";
    RedisServer redis = RedisServer.start();
    int port = redis.port();
    KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());
    kafka.createTopic(topic, 3);
    try (kafka;
        ConfigurableApplicationContext app = consumer(broker, redis, archive, topic)) {
      kafka.publish(topic, TestEvents.events("r-", 0, 100));
      long firstEnd = kafka.end(topic); // 100 records (more only if a retry wrote one twice)
      await().atMost(PATIENCE).until(() -> kafka.committed(group(topic), topic) == firstEnd);

      redis.close();
      ConsumerHealth health = app.getBean(ConsumerHealth.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      kafka.publish(topic, TestEvents.events("r-", 100, 200));
      // the batch fails and is retried; its offsets stay uncommitted
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                          .get("overdrive.consumer.batch.failures")
                          .counter()
                          .count()
                      >= 2);
      assertThat(kafka.committed(group(topic), topic)).isEqualTo(firstEnd);

      redis = RedisServer.startOn(port, List.of()); // an empty Redis on the same address
      try (FeatureStore observer = observe(redis)) {
        awaitAllCommitted(kafka, topic, observer, "r-", 200);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      }
    } finally {
      redis.close();
    }
  }

  private static void awaitAllCommitted(
      KafkaTestClient kafka, String topic, FeatureStore observer, String prefix, long expected) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(kafka.committed(group(topic), topic)).isEqualTo(kafka.end(topic));
              assertThat(TestEvents.countedOnItems(observer, prefix)).isEqualTo(expected);
            });
  }

  private static void assertArchived(Path archive, String prefix, int expected) {
    Set<String> ids =
        EventArchive.readAll(archive).stream()
            .map(Interaction::eventId)
            .filter(id -> id.startsWith(prefix))
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(expected);
  }

  private static FeatureStore observe(RedisServer redis) {
    return RedisFeatureStore.connect(
        RedisStoreSettings.of(redis.url()), LearningSettings.defaults());
  }

  private static String group(String topic) {
    return "group-" + topic;
  }

  private static List<String> args(
      EmbeddedKafkaBroker broker, RedisServer redis, Path archive, String topic) {
    return List.of(
        "--overdrive.kafka-brokers=" + broker.getBrokersAsString(),
        "--overdrive.redis-url=" + redis.url(),
        "--overdrive.redis-timeout-ms=2000",
        "--overdrive.redis-connect-patience-seconds=30",
        "--overdrive.archive-dir=" + archive,
        "--overdrive.events-topic=" + topic,
        "--overdrive.dead-letter-topic=" + topic + ".dlt",
        "--overdrive.consumer-group=" + group(topic),
        "--overdrive.consumer-max-poll-records=250",
        "--overdrive.topic-partitions=3",
        "--server.port=0",
        "--spring.main.banner-mode=off");
  }

  private static ConfigurableApplicationContext consumer(
      EmbeddedKafkaBroker broker, RedisServer redis, Path archive, String topic) {
    return new SpringApplicationBuilder(OverdriveConsumerApplication.class)
        .run(args(broker, redis, archive, topic).toArray(String[]::new));
  }

  /** The consumer in a JVM of its own, so it can be killed like a crashed pod. */
  private static Process consumerProcess(
      EmbeddedKafkaBroker broker, RedisServer redis, Path archive, String topic) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(OverdriveConsumerApplication.class.getName());
    cmd.addAll(args(broker, redis, archive, topic));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(archive.resolveSibling(topic + "-consumer.log").toFile())
        .start();
  }
}
