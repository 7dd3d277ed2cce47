package io.overdrive.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InteractionType;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisKeys;
import io.overdrive.store.RedisStoreSettings;
import io.overdrive.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API with {@code OVERDRIVE_REDIS_URL} set, against a real {@code redis-server}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisStoreConfigurationTest {
  private static final RedisServer REDIS = RedisServer.shared();
  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("overdrive.redis-url", REDIS::url);
  }

  @LocalServerPort int port;
  @Autowired FeatureStore store;

  @Test
  void signupEventsAndRankingGoThroughRedis() throws Exception {
    assertThat(store).isInstanceOf(RedisFeatureStore.class);

    HttpResponse<String> signup =
        send(
            "PUT",
            "/users/redis-alice",
            "{\"interests\": [\"food\"], \"bio\": \"\", \"follows\": []}");
    assertThat(signup.statusCode()).isIn(200, 201);
    String like =
        "{\"event_id\": \"redis-e1\", \"user_id\": \"redis-alice\", \"item_id\": \"note1\","
            + " \"type\": \"like\", \"hashtags\": [\"gaming\"], \"author_id\": \"a1\","
            + " \"timestamp\": \"2026-11-26T10:00:05Z\"}";
    HttpResponse<String> first = send("POST", "/events", like);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"applied\":1");
    assertThat(send("POST", "/events", like).body())
        .as("a retried event is recognised")
        .contains("\"duplicates\":1");

    // what the API learned sits in Redis: another client sees it
    assertThat(REDIS.command("HGET", RedisKeys.user("redis-alice"), "c:like")).isEqualTo("1");
    try (RedisFeatureStore other =
        RedisFeatureStore.connect(
            RedisStoreSettings.of(REDIS.url()), LearningSettings.defaults())) {
      UserFeatures f = other.user("redis-alice", Instant.parse("2026-11-26T10:01:00Z"));
      assertThat(f.count(InteractionType.LIKE)).isEqualTo(1);
      assertThat(f.interestWeights()).containsKey("gaming");
      assertThat(f.profile().interests()).containsExactly("food");
    }

    HttpResponse<String> health = send("GET", "/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("redis://127.0.0.1:" + REDIS.port());

    HttpResponse<String> ranked =
        send(
            "POST",
            "/rank/for-you",
            "{\"user_id\": \"redis-alice\", \"candidate_items\": [{\"id\": \"x1\"}, {\"id\": \"note1\"}]}");
    assertThat(ranked.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("content-type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
