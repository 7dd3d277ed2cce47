package io.overdrive.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the broker unreachable, {@code POST /events} refuses with 503 within its time budget: the
 * API never answers 2xx for events it could lose (docs/decisions/0202-kafka-unavailable-503.md).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "overdrive.kafka-send-timeout-ms=1500")
class KafkaUnavailableTest {
  @LocalServerPort int port;

  @DynamicPropertySource
  static void deadBroker(DynamicPropertyRegistry registry) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    int port = closed;
    registry.add("overdrive.kafka-brokers", () -> "127.0.0.1:" + port);
  }

  @Test
  void eventsAreRefusedWith503AndARetryHint() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"event_id\": \"u-e1\", \"user_id\": \"u\", \"item_id\": \"n\","
                                + " \"type\": \"like\", \"timestamp\": \"2026-11-26T10:00:05Z\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("retry-after")).isPresent();
    assertThat(r.body()).contains("\"error\":\"unavailable\"").contains("same event_ids");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }
}
