package io.overdrive.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.RankingArchive;
import io.overdrive.events.RankingProto;
import io.overdrive.features.LearningSettings;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.OutcomeField;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The served-ranking log through the consumer, with a real broker and Redis: rankings of two arms
 * on their topic and the events that name them on theirs are counted per arm, archived, and
 * exported as Prometheus counters; a second consumer that reads everything again (its offsets lost)
 * counts nothing twice.
 */
@EmbeddedKafka(partitions = 3)
class ConsumerOutcomesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Arm A = new Arm("feed-v2", "control");
  private static final Arm B = new Arm("feed-v2", "learned");
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void rankingsAndTheirEventsAreCountedPerArmOnceEvenWhenEverythingIsRedelivered(
      EmbeddedKafkaBroker broker, @TempDir Path archive) {
    String topic = "outcomes-events";
    String rankingsTopic = "outcomes-rankings";
    int users = 40;
    List<ServedRanking> rankings = new ArrayList<>();
    List<Interaction> events = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      Arm arm = u % 2 == 0 ? A : B;
      for (int r = 0; r < 3; r++) {
        String id = RankingIds.next(arm.code());
        rankings.add(
            new ServedRanking(
                id,
                "u" + u,
                arm.experiment(),
                arm.variant(),
                "v1",
                "request",
                T0,
                List.of(
                    new ServedRanking.Item("i1", 0, 0.9), new ServedRanking.Item("i2", 1, 0.5))));
        for (int p = 0; p < 2; p++) {
          events.add(
              event("e" + u + "-" + r + "-" + p + "-imp", u, p, InteractionType.IMPRESSION, id));
        }
        // arm B's users like one item of each ranking, arm A's users one in three rankings
        if (arm == B || r == 0) {
          events.add(event("e" + u + "-" + r + "-like", u, 0, InteractionType.LIKE, id));
        }
      }
    }
    try (RedisServer redis = RedisServer.start();
        KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());
        FeatureStore observer =
            RedisFeatureStore.connect(
                RedisStoreSettings.of(redis.url()), LearningSettings.defaults())) {
      kafka.createTopic(topic, 3);
      kafka.createTopic(rankingsTopic, 3);
      for (ServedRanking r : rankings) {
        kafka.publishRaw(rankingsTopic, r.userId(), RankingProto.encode(r));
      }
      kafka.publishRaw(rankingsTopic, "u0", new byte[] {1, 2, 3}); // not a ranking: skipped
      kafka.publish(topic, events);

      try (ConfigurableApplicationContext first =
          consumer(broker, redis, archive, topic, rankingsTopic, "first")) {
        awaitCounted(kafka, observer, topic, rankingsTopic, "first", users);
        MeterRegistry metrics = first.getBean(MeterRegistry.class);
        assertThat(
                metrics
                    .get("overdrive.experiment.rankings")
                    .tags("experiment", "feed-v2", "variant", "learned")
                    .counter()
                    .count())
            .isEqualTo(3 * users / 2);
        // the events' listener may apply likes before the rankings' listener has named the arm:
        // OutcomeMetrics moves them to the arm's names when it learns them
        assertThat(
                metrics
                    .get("overdrive.experiment.engagements")
                    .tags("experiment", "feed-v2", "variant", "control", "type", "like")
                    .counter()
                    .count())
            .isEqualTo(users / 2);
        assertThat(metrics.get("overdrive.rankings.unreadable").counter().count()).isEqualTo(1);
      }
      // every offset lost: a new group reads both topics from the start
      try (ConfigurableApplicationContext second =
          consumer(broker, redis, archive, topic, rankingsTopic, "second")) {
        awaitCounted(kafka, observer, topic, rankingsTopic, "second", users);
        MeterRegistry metrics = second.getBean(MeterRegistry.class);
        assertThat(
                metrics
                    .get("overdrive.consumer.events")
                    .tags("outcome", "duplicate")
                    .counter()
                    .count())
            .isEqualTo(events.size());
        assertThat(metrics.find("overdrive.experiment.rankings").counters())
            .as("nothing counted again")
            .allSatisfy(c -> assertThat(c.count()).isZero());
      }
      assertThat(RankingArchive.readAll(archive)).hasSize(rankings.size());
    }
  }

  private static void awaitCounted(
      KafkaTestClient kafka,
      FeatureStore observer,
      String topic,
      String rankingsTopic,
      String group,
      int users) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(kafka.committed(group, topic)).isEqualTo(kafka.end(topic));
              assertThat(kafka.committed(group + ".rankings", rankingsTopic))
                  .isEqualTo(kafka.end(rankingsTopic));
              OutcomeTotals totals = observer.outcomes();
              OutcomeTotals.ArmTotals a = totals.arm(A);
              OutcomeTotals.ArmTotals b = totals.arm(B);
              assertThat(a.get(OutcomeField.RANKINGS)).isEqualTo(3 * users / 2);
              assertThat(b.get(OutcomeField.RANKINGS)).isEqualTo(3 * users / 2);
              assertThat(a.get(OutcomeField.IMPRESSIONS)).isEqualTo(6 * users / 2);
              assertThat(a.get(OutcomeField.LIKES)).isEqualTo(users / 2);
              assertThat(b.get(OutcomeField.LIKES)).isEqualTo(3 * users / 2);
              assertThat(b.get(OutcomeField.USERS)).isEqualTo(users / 2);
              assertThat(b.arm()).isEqualTo(B);
            });
  }

  private static Interaction event(
      String id, int user, int position, InteractionType type, String rankingId) {
    return new Interaction(
        id,
        "u" + user,
        "i" + (position + 1),
        null,
        type,
        0,
        null,
        position,
        "for_you",
        null,
        T0.plusSeconds(position),
        List.of(),
        rankingId,
        null);
  }

  private static ConfigurableApplicationContext consumer(
      EmbeddedKafkaBroker broker,
      RedisServer redis,
      Path archive,
      String topic,
      String rankingsTopic,
      String group) {
    return new SpringApplicationBuilder(OverdriveConsumerApplication.class)
        .run(
            "--overdrive.kafka-brokers=" + broker.getBrokersAsString(),
            "--overdrive.redis-url=" + redis.url(),
            "--overdrive.archive-dir=" + archive,
            "--overdrive.events-topic=" + topic,
            "--overdrive.dead-letter-topic=" + topic + ".dlt",
            "--overdrive.rankings-topic=" + rankingsTopic,
            "--overdrive.consumer-group=" + group,
            "--overdrive.topic-partitions=3",
            "--server.port=0",
            "--spring.main.banner-mode=off");
  }
}
