package io.overdrive.api.redis;

import static io.overdrive.api.redis.RedisModeApiTest.client;
import static io.overdrive.api.redis.RedisModeApiTest.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import io.overdrive.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis failing under the API while traffic flows, with real processes: {@code redis-server} is
 * killed with SIGKILL (AOF on, fsync always) during mixed ranking and event load and restarted on
 * its port; and filled to its {@code maxmemory}. Afterwards every acknowledged event is counted
 * exactly once, every refused one is applied once on retry, and no request saw a 500.
 */
class RedisFaultsTest {
  private static final int CLIENTS = 2;

  @Test
  void killMinus9UnderLoadLosesNoAcknowledgedEventAndCountsNoneTwice() throws Exception {
    RedisServer redis =
        RedisServer.start(List.of("--appendonly", "yes", "--appendfsync", "always"));
    // one caller's traffic from one address: the rate limit is not what this test is about
    try (var app = replica(redis.url(), "overdrive.rate-limit.enabled=false")) {
      ApiClient api = client(app);
      Load load = new Load(api);
      load.start();
      load.awaitAcknowledged(60, Duration.ofSeconds(60));

      redis = redis.crashAndRestart(Duration.ofMillis(500));
      int atRestart = load.acknowledged.get();
      load.awaitAcknowledged(atRestart + 60, Duration.ofSeconds(60));
      load.stop();

      assertThat(load.unexpected).as("answers other than 2xx and an event's 503").isEmpty();
      assertThat(load.ranked.get()).isPositive();
      // a client retries what was refused, with the same event ids
      for (String refused : load.refused) {
        retryUntilAccepted(api, refused);
      }
      for (Map.Entry<String, AtomicInteger> user : load.sentPerUser.entrySet()) {
        long likes =
            api.get("/features/" + user.getKey()).json().get("counts").get("like").asLong();
        assertThat(likes).as(user.getKey()).isEqualTo(user.getValue().get());
      }
    } finally {
      redis.close();
    }
  }

  @Test
  void aFullRedisRefusesEventsClearlyAndCountsItAndNothingIsLost() {
    try (RedisServer redis =
            RedisServer.start(List.of("--maxmemory", "16mb", "--maxmemory-policy", "noeviction"));
        var app = replica(redis.url())) {
      ApiClient api = client(app);
      assertThat(api.post("/events", like("m0", "full-u")).status()).isLessThan(300);

      redis.command("SETRANGE", "filler", "20000000", "x");
      Response refused = api.post("/events", like("m1", "full-u"));
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("message").asString()).contains("out of memory");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(metric(api, "overdrive_store_unavailable_total", "out_of_memory")).isEqualTo(1);
      // ranking reads still work while writes are refused
      Response ranked =
          api.post(
              "/rank/for-you", "{\"user_id\": \"full-u\", \"candidate_items\": [{\"id\": \"x\"}]}");
      assertThat(ranked.status()).isEqualTo(200);
      assertThat(ranked.json().get("degraded").asBoolean()).isFalse();

      redis.command("DEL", "filler");
      assertThat(api.post("/events", like("m1", "full-u")).status()).isLessThan(300);
      assertThat(api.get("/features/full-u").json().get("counts").get("like").asLong())
          .isEqualTo(2);
    }
  }

  private static void retryUntilAccepted(ApiClient api, String body) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (api.post("/events", body).status() >= 300) {
      assertThat(System.nanoTime()).as("accepted within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static String like(String eventId, String userId) {
    return "{\"event_id\": \""
        + eventId
        + "\", \"user_id\": \""
        + userId
        + "\", \"item_id\": \"item-"
        + eventId
        + "\", \"type\": \"like\", \"hashtags\": [\"gaming\"], \"timestamp\":"
        + " \"2026-11-26T10:00:05Z\"}";
  }

  private static double metric(ApiClient api, String name, String reason) {
    for (String line : api.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") && line.contains("reason=\"" + reason + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** CLIENTS threads, each alternating one event (a like by its own user) and one ranking. */
  private static final class Load {
    final ApiClient api;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger ranked = new AtomicInteger();
    final Map<String, AtomicInteger> sentPerUser = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new ArrayList<>();

    Load(ApiClient api) {
      this.api = api;
    }

    void start() {
      for (int t = 0; t < CLIENTS; t++) {
        String user = "fault-u" + t;
        sentPerUser.put(user, new AtomicInteger());
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; running.get(); i++) {
                    String body = like(user + "-e" + i, user);
                    sentPerUser.get(user).incrementAndGet();
                    int events = api.post("/events", body).status();
                    if (events < 300) {
                      acknowledged.incrementAndGet();
                    } else if (events == 503) {
                      refused.add(body);
                    } else {
                      unexpected.add("event " + events);
                    }
                    Response r =
                        api.post(
                            "/rank/for-you",
                            "{\"user_id\": \""
                                + user
                                + "\", \"candidate_items\": [{\"id\": \"item-"
                                + user
                                + "-e0\"}, {\"id\": \"other\"}]}");
                    if (r.status() == 200) {
                      ranked.incrementAndGet();
                    } else {
                      unexpected.add("rank " + r.status() + " " + r.body());
                    }
                  }
                },
                "load-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    void awaitAcknowledged(int n, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (acknowledged.get() < n) {
        assertThat(System.nanoTime()).as(n + " events acknowledged in time").isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }
}
