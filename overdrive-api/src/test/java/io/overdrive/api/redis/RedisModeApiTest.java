package io.overdrive.api.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import io.overdrive.api.OverdriveApiApplication;
import io.overdrive.store.RedisKeys;
import io.overdrive.testing.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The API in distributed mode against a real {@code redis-server}: several replicas share what they
 * learn and each caller's rate-limit bucket; erasure removes the user's keys from Redis; and when
 * Redis goes away the API answers 503 and says it is not ready, instead of failing with 500s.
 */
class RedisModeApiTest {

  static ConfigurableApplicationContext replica(String redisUrl, String... properties) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--overdrive.redis-url=" + redisUrl));
    for (String p : properties) {
      args.add("--" + p);
    }
    return new SpringApplicationBuilder(OverdriveApiApplication.class)
        .run(args.toArray(String[]::new));
  }

  static ApiClient client(ConfigurableApplicationContext app) {
    return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
  }

  @Test
  void replicasShareFeaturesAndErasureRemovesTheUsersKeys() {
    try (RedisServer redis = RedisServer.start();
        var a = replica(redis.url(), "overdrive.rate-limit.enabled=false");
        var b = replica(redis.url(), "overdrive.rate-limit.enabled=false")) {
      ApiClient first = client(a);
      ApiClient second = client(b);
      assertThat(first.put("/users/erin", "{\"interests\": [\"music\"]}").status()).isEqualTo(201);
      assertThat(
              first
                  .post(
                      "/events",
                      "{\"event_id\": \"r1\", \"user_id\": \"erin\", \"item_id\": \"s1\", \"type\":"
                          + " \"share\", \"hashtags\": [\"jazz\"], \"author_id\": \"trio\","
                          + " \"timestamp\": \"2026-11-26T10:00:00Z\"}")
                  .status())
          .isEqualTo(200);

      JsonNode features = second.get("/features/erin").json();
      assertThat(features.get("counts").get("share").asLong()).isEqualTo(1);
      assertThat(features.get("interest_weights").has("jazz")).isTrue();
      assertThat(second.get("/insights/erin").json().get("known").asBoolean()).isTrue();
      assertThat(redis.command("EXISTS", RedisKeys.user("erin"))).isEqualTo("1");

      Response erased = second.delete("/users/erin");
      assertThat(erased.status()).isEqualTo(200);
      assertThat(erased.json().get("interactions").asLong()).isEqualTo(1);
      assertThat(redis.command("EXISTS", RedisKeys.user("erin"))).isEqualTo("0");
      assertThat(redis.command("EXISTS", RedisKeys.userSequence("erin"))).isEqualTo("0");
      assertThat(first.get("/users/erin").status()).isEqualTo(404);
    }
  }

  @Test
  void aCallersBucketIsSharedByAllReplicas() {
    String[] limits = {
      "overdrive.rate-limit.requests-per-second=0.05", "overdrive.rate-limit.burst=4"
    };
    try (RedisServer redis = RedisServer.start();
        var a = replica(redis.url(), limits);
        var b = replica(redis.url(), limits)) {
      ApiClient first = client(a);
      ApiClient second = client(b);
      String body = "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"x\"}]}";
      assertThat(first.post("/rank/for-you", body).status()).isEqualTo(200);
      assertThat(second.post("/rank/for-you", body).status()).isEqualTo(200);
      assertThat(first.post("/rank/for-you", body).status()).isEqualTo(200);
      assertThat(second.post("/rank/for-you", body).status()).isEqualTo(200);
      // four from one caller across both replicas: the shared burst is spent on either
      Response limited = first.post("/rank/for-you", body);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Retry-After")).isNotNull();
      assertThat(second.post("/rank/for-you", body).status()).isEqualTo(429);
      assertThat(redis.command("KEYS", "overdrive:ratelimit:*")).contains("ip:");
    }
  }

  @Test
  void whenRedisGoesAwayTheApiAnswers503AndIsNotReady() {
    RedisServer redis = RedisServer.start();
    try (var app = replica(redis.url())) {
      ApiClient api = client(app);
      String body = "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"x\"}]}";
      assertThat(api.post("/rank/for-you", body).status()).isEqualTo(200);
      assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

      redis.close();

      Response ranked = api.post("/rank/for-you", body);
      assertThat(ranked.status()).isEqualTo(503);
      assertThat(ranked.json().get("error").asString()).isEqualTo("unavailable");
      assertThat(ranked.header("Retry-After")).isEqualTo("1");
      assertThat(api.get("/health").status()).isEqualTo(503);
      assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(503);
      assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    } finally {
      redis.close();
    }
  }
}
