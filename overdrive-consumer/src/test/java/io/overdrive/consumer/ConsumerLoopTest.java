package io.overdrive.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventArchive;
import io.overdrive.events.EventProto;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisKeys;
import io.overdrive.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The consumer app against a real broker (spring-kafka-test's embedded KRaft) and a real {@code
 * redis-server}: events published as the API publishes them are learned once, archived, committed;
 * poison goes to the dead-letter topic while the rest of its batch applies; the next ranking feels
 * what was learned.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "overdrive.consumer-group=loop-test",
      "overdrive.consumer-max-poll-records=500",
      "overdrive.topic-partitions=3"
    })
@EmbeddedKafka(
    partitions = 3,
    topics = {"overdrive.interactions", "overdrive.interactions.dlt"},
    bootstrapServersProperty = "overdrive.kafka-brokers")
class ConsumerLoopTest {
  static final String TOPIC = "overdrive.interactions";
  static final String DLT = "overdrive.interactions.dlt";
  static final RedisServer REDIS = RedisServer.shared();
  static final Path ARCHIVE = tempDir();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("overdrive.redis-url", REDIS::url);
    registry.add("overdrive.archive-dir", ARCHIVE::toString);
  }

  @Autowired FeatureStore store;
  @Autowired ArchiveWriter archive;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry meters;

  @Value("${overdrive.kafka-brokers}")
  String brokers;

  @LocalServerPort int port;
  private static KafkaTestClient kafka;

  @BeforeEach
  void client() {
    if (kafka == null) {
      kafka = new KafkaTestClient(brokers);
    }
  }

  @AfterAll
  static void closeClient() {
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  @Test
  void eventsAreLearnedOnceArchivedAndCommitted() {
    List<Interaction> events = TestEvents.events("learn-", 0, 400);
    double duplicatesBefore = outcome("duplicate");
    kafka.publish(TOPIC, events);
    // the same 40 events again: a client retry or a producer resend after a lost ack
    kafka.publish(TOPIC, events.subList(100, 140));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(kafka.committed("loop-test", TOPIC)).isEqualTo(kafka.end(TOPIC));
              assertThat(TestEvents.countedOnItems(store, "learn-")).isEqualTo(400);
            });
    assertThat(outcome("duplicate") - duplicatesBefore).isGreaterThanOrEqualTo(40);
    assertThat(store.user("learn-u3", TestEvents.T0).meaningfulInteractions()).isPositive();
    // the consumer also records how the user's interests move (the console's "over time")
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(store.interestHistory("learn-u3")).isNotEmpty());

    archive.roll();
    List<Interaction> archived =
        EventArchive.readAll(ARCHIVE).stream()
            .filter(e -> e.eventId().startsWith("learn-"))
            .toList();
    assertThat(archived).containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void anErasedUsersLateEventsAreNeitherLearnedNorArchived() {
    List<Interaction> before = TestEvents.events("erase-", 0, 40);
    kafka.publish(TOPIC, before);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> TestEvents.countedOnItems(store, "erase-") == 40);
    String gone = "erase-u1";
    assertThat(store.user(gone, TestEvents.T0).meaningfulInteractions()).isPositive();

    assertThat(store.eraseUser(gone)).isTrue();
    // events of the user's past still in flight (a late producer, a client's retry of one already
    // applied), mixed with other users' events
    List<Interaction> late = new ArrayList<>(TestEvents.events("erase-", 40, 40));
    late.addAll(before.stream().filter(e -> e.userId().equals(gone)).toList());
    kafka.publish(TOPIC, late);
    long othersLate = late.stream().filter(e -> !e.userId().equals(gone)).count();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(kafka.committed("loop-test", TOPIC)).isEqualTo(kafka.end(TOPIC));
              assertThat(TestEvents.countedOnItems(store, "erase-")).isEqualTo(40 + othersLate);
            });
    assertThat(store.user(gone, TestEvents.T0).meaningfulInteractions()).isZero();
    assertThat(REDIS.command("EXISTS", RedisKeys.user(gone))).isEqualTo("0");
    assertThat(REDIS.command("EXISTS", RedisKeys.userSequence(gone))).isEqualTo("0");

    archive.roll();
    List<Interaction> archivedLate =
        EventArchive.readAll(ARCHIVE).stream()
            .filter(e -> e.eventId().startsWith("erase-"))
            .filter(e -> Integer.parseInt(e.eventId().substring("erase-e".length())) >= 40)
            .toList();
    assertThat(archivedLate).hasSize((int) othersLate).noneMatch(e -> e.userId().equals(gone));
    // the retried events of the user's past were archived once, before the erasure, not again
    assertThat(EventArchive.readAll(ARCHIVE).stream().filter(e -> e.userId().equals(gone)).count())
        .isEqualTo(before.stream().filter(e -> e.userId().equals(gone)).count());
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterTopicWhileTheRestOfItsBatchApplies() {
    var container = listeners.getListenerContainer(InteractionListener.ID);
    container.stop();
    List<Interaction> good = TestEvents.events("poison-", 0, 6);
    Interaction victim = TestEvents.events("victim-", 0, 1).get(0);
    // a key of the wrong type under the victim's name: the store rejects the victim's event
    REDIS.command("SET", RedisKeys.user(victim.userId()), "not a hash");
    try {
      kafka.publish(TOPIC, good.subList(0, 3));
      kafka.publishRaw(TOPIC, "poison-garbage", "{not protobuf".getBytes(StandardCharsets.UTF_8));
      kafka.publishRaw(
          TOPIC,
          "poison-nouser",
          EventProto.toProto(good.get(0), null).toBuilder()
              .clearUserId()
              .setEventId("poison-nouser")
              .build()
              .toByteArray());
      kafka.publish(TOPIC, List.of(victim));
      kafka.publish(TOPIC, good.subList(3, 6));
    } finally {
      container.start();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(TestEvents.countedOnItems(store, "poison-")).isEqualTo(6));
    Map<String, String> reasons =
        kafka.readAll(DLT, 3, Duration.ofSeconds(30)).stream()
            .filter(r -> new String(r.key(), StandardCharsets.UTF_8).matches("poison-.*|victim-.*"))
            .collect(
                Collectors.toMap(
                    r -> new String(r.key(), StandardCharsets.UTF_8),
                    ConsumerLoopTest::reason,
                    (a, b) -> a));
    assertThat(reasons).containsOnlyKeys("poison-garbage", "poison-nouser", victim.userId());
    assertThat(reasons.get("poison-garbage")).startsWith("$: not a protobuf InteractionEvent");
    assertThat(reasons.get("poison-nouser")).isEqualTo("user_id: is required");
    assertThat(reasons.get(victim.userId()))
        .contains("rejected while applying")
        .contains("WRONGTYPE");
    assertThat(outcome("dead_lettered")).isGreaterThanOrEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(kafka.committed("loop-test", TOPIC)).isEqualTo(kafka.end(TOPIC)));
  }

  @Test
  void theNextRankingFeelsWhatTheLoopLearned() {
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    ForYouRanker ranker =
        new ForYouRanker(
            ForYouPipelines.standard(store, taxonomy, learning, meters, List.of(), List.of()),
            ExperimentAssigner.none(RankingSettings.defaults()),
            Clock.systemUTC());
    store.putProfile(new UserProfile("rank-u", List.of("travel"), "", List.of(), null));
    List<Item> candidates =
        List.of(
            item("rank-travel", "travel", "rank-a1"),
            item("rank-gaming", "gaming", "rank-a2"),
            item("rank-food", "food", "rank-a3"));
    store.putItems(candidates);
    RankRequest request = new RankRequest("rank-u", candidates, 3);
    List<String> before = ids(ranker.rank(request).items());
    assertThat(before.get(0)).isEqualTo("rank-travel");

    List<Interaction> likes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      likes.add(
          new Interaction(
              "rank-e" + i,
              "rank-u",
              "rank-g" + i,
              "rank-a2",
              i % 3 == 0 ? InteractionType.SHARE : InteractionType.LIKE,
              0,
              null,
              null,
              null,
              null,
              java.time.Instant.now(),
              List.of("gaming")));
    }
    kafka.publish(TOPIC, likes);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(ids(ranker.rank(request).items()).get(0)).isEqualTo("rank-gaming"));
  }

  @Test
  void metricsAreOnThePrometheusEndpoint() throws Exception {
    kafka.publish(TOPIC, TestEvents.events("metrics-", 0, 20));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> TestEvents.countedOnItems(store, "metrics-") == 20);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "overdrive_consumer_events_total{application=\"overdrive-consumer\",outcome=\"applied\"}")
        .contains("outcome=\"duplicate\"")
        .contains("outcome=\"dead_lettered\"")
        .contains("overdrive_consumer_batch_seconds_bucket")
        .contains("overdrive_consumer_lag_records")
        .contains("kafka_consumer_fetch_manager_records_lag");
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  private double outcome(String outcome) {
    return meters.get("overdrive.consumer.events").tag("outcome", outcome).counter().count();
  }

  private static String reason(ConsumerRecord<byte[], byte[]> r) {
    var h = r.headers().lastHeader(DeadLetterPublisher.REASON);
    return h == null ? "(none)" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Item item(String id, String tag, String author) {
    return new Item(
        id, author, null, List.of(tag), List.of("video"), java.time.Instant.now(), 0.1, 0.8);
  }

  private static List<String> ids(List<RankedItem> items) {
    return items.stream().map(RankedItem::id).toList();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("consumer-archive");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
