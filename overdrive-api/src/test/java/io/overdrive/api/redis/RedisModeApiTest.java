package io.overdrive.api.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Redis goes away rankings degrade (marked so) while events answer 503, and both recover by
 * themselves when it returns.
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
      // the history of learned interests (the console's "over time"), taken off the learning path
      JsonNode history = awaitHistory(second, "erin");
      assertThat(history.get("declared").has("music")).isTrue();
      JsonNode point = history.get("points").get(0);
      assertThat(point.get("at").asString()).isEqualTo("2026-11-26T10:00:00Z");
      assertThat(point.get("interactions").asLong()).isEqualTo(1);
      assertThat(point.get("interests").get("jazz").asDouble()).isEqualTo(1.0);
      assertThat(point.get("authors").has("trio")).isTrue();
      assertThat(second.get("/users/erin/export").json().get("interest_history")).hasSize(1);

      Response erased = second.delete("/users/erin");
      assertThat(erased.status()).isEqualTo(200);
      assertThat(erased.json().get("interactions").asLong()).isEqualTo(1);
      assertThat(redis.command("EXISTS", RedisKeys.user("erin"))).isEqualTo("0");
      assertThat(redis.command("EXISTS", RedisKeys.userSequence("erin"))).isEqualTo("0");
      assertThat(redis.command("EXISTS", RedisKeys.userInterestHistory("erin"))).isEqualTo("0");
      assertThat(first.get("/users/erin").status()).isEqualTo(404);
      assertThat(first.get("/interests/erin/history").status()).isEqualTo(404);
    }
  }

  /** The user's interest history once its first snapshot is in (they are taken once a second). */
  private static JsonNode awaitHistory(ApiClient api, String user) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      JsonNode h = api.get("/interests/" + user + "/history").json();
      if (!h.get("points").isEmpty() || System.nanoTime() > deadline) {
        assertThat(h.get("points")).as("snapshots of " + user).isNotEmpty();
        return h;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void profilesAreEncryptedAtRestKeysRotateAndTheExportHoldsEverything() {
    String k1 = "overdrive.profile-keys=k1:" + key(1);
    String k2First = "overdrive.profile-keys=k2:" + key(2) + ",k1:" + key(1);
    String k2Only = "overdrive.profile-keys=k2:" + key(2);
    String profileKey = RedisKeys.user("alice");
    try (RedisServer redis = RedisServer.start()) {
      try (var app = replica(redis.url(), k1)) {
        ApiClient api = client(app);
        assertThat(
                api.put(
                        "/users/alice",
                        "{\"interests\": [\"gaming\"], \"bio\": \"runner and gamer\","
                            + " \"follows\": [\"a7\"]}")
                    .status())
            .isEqualTo(201);
        String stored = redis.command("HGET", profileKey, RedisKeys.PROFILE_FIELD);
        // Base64 ciphertext can hold any short run of letters and digits by chance ("a7" did, one
        // CI run in ~20): look for plaintext that base64 cannot produce, the JSON's quotes and keys
        assertThat(stored)
            .startsWith("enc:v1:k1:")
            .doesNotContain("runner")
            .doesNotContain("\"follows\"")
            .doesNotContain("\"bio\"");
        assertThat(
                api.post(
                        "/events",
                        "{\"event_id\": \"x1\", \"user_id\": \"alice\", \"item_id\":"
                            + " \"note1\", \"type\": \"like\", \"timestamp\":"
                            + " \"2026-11-26T10:00:05Z\"}")
                    .status())
            .isLessThan(300);

        JsonNode export = api.get("/users/alice/export").json();
        assertThat(export.get("profile").get("bio").asString()).isEqualTo("runner and gamer");
        assertThat(export.get("profile").get("follows").get(0).asString()).isEqualTo("a7");
        assertThat(export.get("features").get("counts").get("like").asLong()).isEqualTo(1);
        assertThat(export.get("features").get("recent_items").get(0).asString()).isEqualTo("note1");
        assertThat(export.get("interests").get("declared").has("gaming")).isTrue();
        assertThat(api.get("/users/nobody/export").status()).isEqualTo(404);
      }
      // rotation: the new key first, the old one still listed; a write re-encrypts
      try (var app = replica(redis.url(), k2First)) {
        ApiClient api = client(app);
        assertThat(api.get("/users/alice").json().get("bio").asString())
            .isEqualTo("runner and gamer");
        api.put("/users/alice", "{\"bio\": \"runner and gamer\"}");
        assertThat(redis.command("HGET", profileKey, RedisKeys.PROFILE_FIELD))
            .startsWith("enc:v1:k2:");
      }
      try (var app = replica(redis.url(), k2Only)) {
        assertThat(client(app).get("/users/alice").json().get("bio").asString())
            .isEqualTo("runner and gamer");
      }
      assertThatThrownBy(() -> replica(redis.url(), "overdrive.profile-keys=k1:c2hvcnQ="))
          .rootCause()
          .hasMessageContaining("OVERDRIVE_PROFILE_KEYS")
          .hasMessageContaining("32 bytes");
    }
  }

  private static String key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return java.util.Base64.getEncoder().encodeToString(k);
  }

  @Test
  void anItemTakenDownIsNotServedFromTheItemCacheWithinItsTtl() {
    try (RedisServer redis = RedisServer.start();
        var app =
            replica(
                redis.url(), "overdrive.rate-limit.enabled=false", "overdrive.item-cache-ttl=1h")) {
      ApiClient api = client(app);
      assertThat(
              api.post(
                      "/items",
                      "[{\"id\": \"gone-1\", \"hashtags\": [\"travel\"]},"
                          + " {\"id\": \"kept-1\", \"hashtags\": [\"travel\"]}]")
                  .status())
          .isEqualTo(200);
      String body =
          "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"gone-1\"}, {\"id\":"
              + " \"kept-1\"}]}";
      // the ranking reads both items and keeps them for the hour
      assertThat(ids(api.post("/rank/for-you", body).json()))
          .containsExactlyInAnyOrder("gone-1", "kept-1");

      assertThat(api.delete("/items/gone-1").status()).isEqualTo(200);
      JsonNode after = api.post("/rank/for-you", body).json();
      assertThat(ids(after)).containsExactly("kept-1");
      assertThat(after.get("filtered").get("gone-1").asString()).contains("taken down");

      // posted again, it is served again at once, not an hour later
      assertThat(api.post("/items", "{\"id\": \"gone-1\", \"hashtags\": [\"travel\"]}").status())
          .isEqualTo(200);
      assertThat(ids(api.post("/rank/for-you", body).json()))
          .containsExactlyInAnyOrder("gone-1", "kept-1");
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
  void whenRedisGoesAwayRankingDegradesEventsAnswer503AndRecoveryIsAutomatic() {
    RedisServer redis = RedisServer.start();
    int port = redis.port();
    RedisServer again = null;
    try (var app = replica(redis.url())) {
      ApiClient api = client(app);
      String event =
          "{\"event_id\": \"e%d\", \"user_id\": \"fan\", \"item_id\": \"hit\", \"type\":"
              + " \"like\", \"timestamp\": \"2026-11-26T10:00:05Z\"}";
      for (int i = 0; i < 5; i++) {
        assertThat(api.post("/events", event.formatted(i)).status()).isLessThan(300);
      }
      String body =
          "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"hit\"}, {\"id\": \"dud\"},"
              + " {\"id\": \"new\"}]}";
      Response full = api.post("/rank/for-you", body);
      assertThat(full.status()).isEqualTo(200);
      assertThat(full.json().get("degraded").asBoolean()).isFalse();
      assertThat(full.json().has("degraded_reason")).isFalse();

      redis.close();

      Response ranked = api.post("/rank/for-you", body);
      assertThat(ranked.status()).isEqualTo(200);
      JsonNode degraded = ranked.json();
      assertThat(degraded.get("degraded").asBoolean()).isTrue();
      assertThat(degraded.get("degraded_reason").asString()).isEqualTo("feature_store_unavailable");
      assertThat(ids(degraded)).containsExactlyInAnyOrder("hit", "dud", "new");
      // the liked item's engagement, read before the outage, still lifts it: the popularity
      // prior is what this replica last read, not nothing
      assertThat(score(degraded, "hit")).isGreaterThan(score(degraded, "dud"));
      assertThat(metric(api, "overdrive_rank_degraded_total")).isEqualTo(1);

      Response refused = api.post("/events", event.formatted(99));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("error").asString()).isEqualTo("unavailable");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(api.get("/health").status()).isEqualTo(503);
      assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
      assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

      again = RedisServer.startOn(port, List.of());
      // the client reconnects by itself; no restart of the API
      JsonNode recovered = null;
      for (int i = 0; i < 200 && recovered == null; i++) {
        JsonNode r = api.post("/rank/for-you", body).json();
        if (!r.get("degraded").asBoolean()) {
          recovered = r;
        } else {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
      }
      assertThat(recovered).as("ranking recovered within 10 s of Redis coming back").isNotNull();
      assertThat(api.post("/events", event.formatted(100)).status()).isLessThan(300);
      assertThat(api.get("/health").status()).isEqualTo(200);
    } finally {
      redis.close();
      if (again != null) {
        again.close();
      }
    }
  }

  private static List<String> ids(JsonNode ranking) {
    List<String> ids = new ArrayList<>();
    ranking.get("items").forEach(i -> ids.add(i.get("id").asString()));
    return ids;
  }

  private static double score(JsonNode ranking, String id) {
    for (JsonNode i : ranking.get("items")) {
      if (i.get("id").asString().equals(id)) {
        return i.get("score").asDouble();
      }
    }
    throw new AssertionError(id + " not ranked");
  }

  private static double metric(ApiClient api, String name) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
