package io.overdrive.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.events.EventProto;
import io.overdrive.proto.v1.InteractionEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** {@code POST /events} in distributed mode, against a real (embedded KRaft) broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(
    partitions = 3,
    topics = "overdrive.interactions",
    bootstrapServersProperty = "overdrive.kafka-brokers")
class KafkaEventSinkTest {
  @LocalServerPort int port;

  @Value("${overdrive.kafka-brokers}")
  String brokers;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * {@code @EmbeddedKafka} publishes the broker address as a JVM system property and leaves it set:
   * later test classes in the same JVM would find {@code overdrive.kafka-brokers} and run in Kafka
   * mode against a stopped broker.
   */
  @AfterAll
  static void forgetTheBroker() {
    System.clearProperty("overdrive.kafka-brokers");
  }

  @Test
  void acceptedEventsAreOnTheTopicKeyedByUserAsProtobufBeforeThe202() throws Exception {
    String body =
        "[{\"event_id\": \"k1\", \"user_id\": \"ku1\", \"item_id\": \"note1\", \"type\": \"view\","
            + " \"dwell_ms\": 5300, \"completion\": 0.9, \"position\": 2, \"surface\": \"for_you\","
            + " \"hashtags\": [\"gaming\"], \"author_id\": \"a1\","
            + " \"timestamp\": \"2026-11-26T10:00:05Z\"},"
            + " {\"event_id\": \"k2\", \"user_id\": \"ku2\", \"item_id\": \"note2\", \"type\": \"like\","
            + " \"timestamp\": \"2026-11-26T10:00:06Z\"},"
            + " {\"event_id\": \"k3\", \"user_id\": \"ku1\", \"item_id\": \"note3\", \"type\": \"share\","
            + " \"timestamp\": \"2026-11-26T10:00:07Z\"}]";
    Instant before = Instant.now();
    HttpResponse<String> r = post(body);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).contains("\"accepted\":3").contains("kafka:overdrive.interactions");
    List<ConsumerRecord<byte[], byte[]>> records = readTopic(3);
    Map<String, List<String>> keyToEvents = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> rec : records) {
      Interaction e = EventProto.decode(rec.value());
      keyToEvents
          .computeIfAbsent(new String(rec.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(e.eventId());
      assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo(e.userId());
      assertThat(InteractionEvent.parseFrom(rec.value()).getReceivedAt().getSeconds())
          .isGreaterThanOrEqualTo(before.getEpochSecond());
    }
    // one user's events share a partition, in the order they were posted
    assertThat(keyToEvents)
        .containsEntry("ku1", List.of("k1", "k3"))
        .containsEntry("ku2", List.of("k2"));
    Interaction view =
        records.stream()
            .map(rec -> EventProto.decode(rec.value()))
            .filter(e -> e.eventId().equals("k1"))
            .findFirst()
            .orElseThrow();
    assertThat(view)
        .isEqualTo(
            new Interaction(
                "k1",
                "ku1",
                "note1",
                "a1",
                InteractionType.VIEW,
                5300,
                0.9,
                2,
                "for_you",
                // the API tags each event with the user's experiment variant
                "control",
                Instant.parse("2026-11-26T10:00:05Z"),
                List.of("gaming")));
  }

  @Test
  void aBadEventRejectsTheRequestAndNothingIsPublished() throws Exception {
    HttpResponse<String> r =
        post(
            "[{\"event_id\": \"bad1\", \"user_id\": \"bu\", \"item_id\": \"n\", \"type\": \"like\","
                + " \"timestamp\": \"2026-11-26T10:00:05Z\"},"
                + " {\"event_id\": \"bad2\", \"user_id\": \"bu\", \"type\": \"like\","
                + " \"timestamp\": \"2026-11-26T10:00:05Z\"}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("[1].item_id");
    assertThat(readTopic(100).stream().map(rec -> EventProto.decode(rec.value()).eventId()))
        .doesNotContain("bad1", "bad2");
  }

  private HttpResponse<String> post(String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Reads the topic from the start until {@code atLeast} records or a few quiet seconds. */
  private List<ConsumerRecord<byte[], byte[]>> readTopic(int atLeast) {
    Map<String, Object> p =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            brokers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of("overdrive.interactions"));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
