package io.overdrive.bench.stream;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Freshness of the learning loop: starts {@code overdrive-api.jar} and {@code
 * overdrive-consumer.jar} in distributed mode (their own processes, a real broker, Redis), then per
 * trial ranks candidates for a new user, posts one like on an item of a topic the candidates have,
 * and polls {@code POST /rank/for-you} until the ranking differs from before. The time from sending
 * the event to the first changed ranking is the freshness; prints p50/p90/p99 as one JSON line.
 *
 * <p>Arguments: {@code --bootstrap host:port --redis redis://... --api-jar path --consumer-jar path
 * [--trials N] [--poll-ms M]}
 */
public final class FreshnessBenchmark {
  private static final ObjectMapper JSON = new JsonMapper();

  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    int trials = a.integer("trials", 200);
    long pollMs = a.longInteger("poll-ms", 5);
    String run = Long.toString(System.currentTimeMillis(), 36);
    String topic = "fresh.interactions." + run;
    Path work = AppProcesses.workDir(a, "freshness");
    int apiPort = AppProcesses.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("OVERDRIVE_KAFKA_BROKERS", a.get("bootstrap"));
    env.put("OVERDRIVE_REDIS_URL", a.get("redis"));
    env.put("OVERDRIVE_EVENTS_TOPIC", topic);
    env.put("OVERDRIVE_DEAD_LETTER_TOPIC", topic + ".dlt");
    env.put("OVERDRIVE_CONSUMER_GROUP", "fresh-" + run);
    env.put("OVERDRIVE_CONSUMER_PORT", Integer.toString(AppProcesses.freePort()));
    env.put("OVERDRIVE_ARCHIVE_DIR", work.resolve("archive").toString());
    env.put("OVERDRIVE_SERVICE_PORT", Integer.toString(apiPort));
    env.put("OVERDRIVE_RATE_LIMIT_ENABLED", "false");
    Process consumer = null;
    Process api = null;
    try {
      consumer =
          AppProcesses.startJar(
              Path.of(a.get("consumer-jar")), env, work.resolve("consumer.log"), "-Xmx512m");
      api =
          AppProcesses.startJar(
              Path.of(a.get("api-jar")), env, work.resolve("api.log"), "-Xmx512m");
      String base = "http://127.0.0.1:" + apiPort;
      AppProcesses.awaitHttp(base + "/health", api, Duration.ofMinutes(3));
      String consumerHealth =
          "http://127.0.0.1:" + env.get("OVERDRIVE_CONSUMER_PORT") + "/actuator/health/readiness";
      AppProcesses.awaitHttp(consumerHealth, consumer, Duration.ofMinutes(3));
      HttpClient http = HttpClient.newHttpClient();

      // warm-up: the consumer joins its group and both JVMs compile the hot paths
      for (int w = 0; w < 20; w++) {
        trial(http, base, run + "-warm", w, pollMs);
      }
      List<Double> ms = new ArrayList<>();
      int flipped = 0;
      for (int t = 0; t < trials; t++) {
        double[] r = trial(http, base, run, t, pollMs);
        ms.add(r[0]);
        flipped += (int) r[1];
      }
      double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          "{\"benchmark\":\"freshness\",\"trials\":%d,\"p50_ms\":%.1f,\"p90_ms\":%.1f,"
              + "\"p99_ms\":%.1f,\"max_ms\":%.1f,\"mean_ms\":%.1f,\"top_item_changed\":%d,"
              + "\"poll_ms\":%d,\"server\":\"%s\",\"load_average_1m\":%.1f}%n",
          trials,
          pct(sorted, 50),
          pct(sorted, 90),
          pct(sorted, 99),
          sorted[sorted.length - 1],
          Arrays.stream(sorted).average().orElse(0),
          flipped,
          pollMs,
          a.get("server", "unknown"),
          ProcessStats.loadAverage());
    } finally {
      AppProcesses.stop(api);
      AppProcesses.stop(consumer);
    }
  }

  /** Returns {milliseconds until the ranking changed, 1 if its top item changed}. */
  static double[] trial(HttpClient http, String base, String run, int t, long pollMs)
      throws Exception {
    String user = "fresh-" + run + "-" + t;
    StringBuilder candidates = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      candidates.append(
          "{\"id\":\"h" + i + "\",\"hashtags\":[\"hiking\"],\"author_id\":\"ah" + i + "\"},");
    }
    candidates.append("{\"id\":\"x\",\"hashtags\":[\"cooking\"],\"author_id\":\"ax\"}]");
    String rank =
        "{\"user_id\":\"" + user + "\",\"limit\":5,\"candidate_items\":" + candidates + "}";
    List<String> before = ranking(http, base, rank);
    String event =
        "{\"event_id\":\"ev-"
            + user
            + "\",\"user_id\":\""
            + user
            + "\",\"item_id\":\"z"
            + t
            + "\",\"type\":\"like\",\"hashtags\":[\"cooking\"],\"author_id\":\"az\","
            + "\"timestamp\":\""
            + Instant.now()
            + "\"}";
    long start = System.nanoTime();
    HttpResponse<String> posted = post(http, base + "/events", event);
    if (posted.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /events answered " + posted.statusCode() + ": " + posted.body());
    }
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> now = ranking(http, base, rank);
      if (!now.equals(before)) {
        double elapsed = (System.nanoTime() - start) / 1e6;
        return new double[] {
          elapsed, now.get(0).startsWith("x ") && !before.get(0).startsWith("x ") ? 1 : 0
        };
      }
      Thread.sleep(pollMs);
    }
    throw new IllegalStateException("ranking of " + user + " did not change within 30 s");
  }

  /** The ranking as "id score" strings, in order. */
  static List<String> ranking(HttpClient http, String base, String body) throws Exception {
    HttpResponse<String> r = post(http, base + "/rank/for-you", body);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("rank answered " + r.statusCode() + ": " + r.body());
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : JSON.readTree(r.body()).path("items")) {
      out.add(item.path("id").asString() + " " + item.path("score").asDouble());
    }
    return out;
  }

  static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
