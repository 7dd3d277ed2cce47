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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Freshness of the catalogue: the time from sending {@code POST /items} to the item's first
 * appearance in the For You answer (no candidates sent) of a user whose signup interests match it,
 * in both modes: the standalone API (applied in-process before the answer) and the distributed path
 * ({@code overdrive-api.jar} publishing to a real broker, {@code overdrive-consumer.jar} writing
 * Redis and the fresh pool, the API's fresh-item feed polling it). Each trial posts one new item on
 * one of a few interests, for a new user who declared that interest at signup, then polls {@code
 * POST /rank/for-you}. Prints p50/p90/p99 per mode as one JSON line.
 *
 * <p>Arguments: {@code --bootstrap host:port --redis redis://... --api-jar path --consumer-jar path
 * [--trials N] [--poll-ms M] [--modes standalone,distributed]}
 */
public final class ItemFreshnessBenchmark {
  private static final ObjectMapper JSON = new JsonMapper();
  private static final List<String> INTERESTS =
      List.of("travel", "gaming", "cooking", "fitness", "music", "comedy");

  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    int trials = a.integer("trials", 100);
    long pollMs = a.longInteger("poll-ms", 5);
    List<String> modes = List.of(a.get("modes", "standalone,distributed").split(","));
    String run = Long.toString(System.currentTimeMillis(), 36);
    Path work = AppProcesses.workDir(a, "item-freshness");
    StringBuilder json =
        new StringBuilder("{\"benchmark\":\"item-freshness\",\"trials\":").append(trials);
    for (String mode : modes) {
      double[][] trialsMs = runMode(a, mode, run, work, trials, pollMs);
      double[] ms = column(trialsMs, SERVED);
      json.append(
          String.format(
              Locale.ROOT,
              ",\"%s\":{\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,"
                  + "\"mean_ms\":%.1f",
              mode,
              pct(ms, 50),
              pct(ms, 90),
              pct(ms, 99),
              ms[ms.length - 1],
              Arrays.stream(ms).average().orElse(0)));
      // where the time goes: the answer to POST /items (standalone: applied; distributed: the
      // broker's ack), then until GET /items/{id} finds the record (the consumer stored it), then
      // until For You serves it (the API's fresh-item feed read the pool, plus one ranking)
      double[] ack = column(trialsMs, ACK);
      double[] stored = column(trialsMs, STORED);
      double[] rest = new double[trialsMs.length];
      for (int t = 0; t < rest.length; t++) {
        rest[t] = trialsMs[t][SERVED] - trialsMs[t][STORED];
      }
      Arrays.sort(rest);
      json.append(
          String.format(
              Locale.ROOT,
              ",\"post_answered_p50_ms\":%.1f,\"post_answered_p99_ms\":%.1f,"
                  + "\"stored_p50_ms\":%.1f,\"stored_p99_ms\":%.1f,"
                  + "\"stored_to_served_p50_ms\":%.1f,\"stored_to_served_p99_ms\":%.1f,"
                  + "\"post_retried_503\":%d}",
              pct(ack, 50),
              pct(ack, 99),
              pct(stored, 50),
              pct(stored, 99),
              pct(rest, 50),
              pct(rest, 99),
              Arrays.stream(trialsMs).filter(t -> t[RETRIED] > 0).count()));
    }
    json.append(
        String.format(
            Locale.ROOT,
            ",\"poll_ms\":%d,\"server\":\"%s\",\"load_average_1m\":%.1f}",
            pollMs,
            a.get("server", "unknown"),
            ProcessStats.loadAverage()));
    System.out.println(json);
  }

  /** Indexes of a trial's milliseconds (and its retry count). */
  static final int ACK = 0;

  static final int STORED = 1;
  static final int SERVED = 2;
  static final int RETRIED = 3;

  /** Starts the mode's processes, runs warm-up and measured trials; returns each trial's times. */
  static double[][] runMode(
      BenchArgs a, String mode, String run, Path work, int trials, long pollMs) throws Exception {
    boolean distributed =
        switch (mode) {
          case "standalone" -> false;
          case "distributed" -> true;
          default ->
              throw new IllegalArgumentException("--modes: standalone or distributed, not " + mode);
        };
    int apiPort = AppProcesses.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("OVERDRIVE_SERVICE_PORT", Integer.toString(apiPort));
    env.put("OVERDRIVE_RATE_LIMIT_ENABLED", "false");
    Process consumer = null;
    Process api = null;
    try {
      if (distributed) {
        env.put("OVERDRIVE_KAFKA_BROKERS", a.get("bootstrap"));
        env.put("OVERDRIVE_REDIS_URL", a.get("redis"));
        env.put("OVERDRIVE_EVENTS_TOPIC", "fresh.interactions." + run);
        env.put("OVERDRIVE_DEAD_LETTER_TOPIC", "fresh.interactions." + run + ".dlt");
        env.put("OVERDRIVE_ITEMS_TOPIC", "fresh.items." + run);
        env.put("OVERDRIVE_USERS_TOPIC", "fresh.users." + run);
        env.put("OVERDRIVE_CONSUMER_GROUP", "item-fresh-" + run);
        env.put("OVERDRIVE_CONSUMER_PORT", Integer.toString(AppProcesses.freePort()));
        env.put("OVERDRIVE_ARCHIVE_DIR", work.resolve("archive").toString());
        consumer =
            AppProcesses.startJar(
                Path.of(a.get("consumer-jar")), env, work.resolve("consumer.log"), "-Xmx512m");
      }
      api =
          AppProcesses.startJar(
              Path.of(a.get("api-jar")), env, work.resolve("api-" + mode + ".log"), "-Xmx512m");
      String base = "http://127.0.0.1:" + apiPort;
      AppProcesses.awaitHttp(base + "/health", api, Duration.ofMinutes(8));
      if (distributed) {
        AppProcesses.awaitHttp(
            "http://127.0.0.1:" + env.get("OVERDRIVE_CONSUMER_PORT") + "/actuator/health/readiness",
            consumer,
            Duration.ofMinutes(8));
      }
      HttpClient http = HttpClient.newHttpClient();
      // warm-up: the consumer joins its group and both JVMs compile the hot paths
      for (int w = 0; w < 20; w++) {
        trial(http, base, run + "-" + mode + "-warm", w, pollMs, distributed);
      }
      double[][] ms = new double[trials][];
      for (int t = 0; t < trials; t++) {
        ms[t] = trial(http, base, run + "-" + mode, t, pollMs, distributed);
      }
      return ms;
    } finally {
      AppProcesses.stop(api);
      AppProcesses.stop(consumer);
    }
  }

  /**
   * Milliseconds from sending the item to: the answer to {@code POST /items}, the record readable
   * by {@code GET /items/{id}} (distributed: the consumer stored it; polled until then, before each
   * ranking), its first appearance in the user's For You; and the 503s retried.
   */
  static double[] trial(
      HttpClient http, String base, String run, int t, long pollMs, boolean distributed)
      throws Exception {
    String interest = INTERESTS.get(t % INTERESTS.size());
    String user = "fan-" + run + "-" + t;
    String itemId = "post-" + run + "-" + t;
    expect(
        send(http, "PUT", base + "/users/" + user, "{\"interests\":[\"" + interest + "\"]}"),
        201,
        "PUT /users");
    String forYou = "{\"user_id\":\"" + user + "\",\"limit\":20}";
    String item =
        "{\"id\":\""
            + itemId
            + "\",\"author_id\":\"creator-"
            + t
            + "\",\"content\":\"something new about "
            + interest
            + "\",\"hashtags\":[\""
            + interest
            + "\"],\"media_types\":[\"video\"]}";
    long start = System.nanoTime();
    int before = RETRIES.get();
    expect(send(http, "POST", base + "/items", item), distributed ? 202 : 200, "POST /items");
    double ack = (System.nanoTime() - start) / 1e6;
    double retried = RETRIES.get() - before;
    double stored = distributed ? -1 : ack; // standalone applies it before answering
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (stored < 0) {
        HttpResponse<String> g =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/items/" + itemId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (g.statusCode() == 200) {
          stored = (System.nanoTime() - start) / 1e6;
        }
      }
      HttpResponse<String> r = send(http, "POST", base + "/rank/for-you", forYou);
      expect(r, 200, "POST /rank/for-you");
      for (JsonNode i : JSON.readTree(r.body()).path("items")) {
        if (i.path("id").asString().equals(itemId)) {
          double served = (System.nanoTime() - start) / 1e6;
          return new double[] {ack, stored < 0 ? served : stored, served, retried};
        }
      }
      Thread.sleep(pollMs);
    }
    throw new IllegalStateException(itemId + " was not in " + user + "'s For You within 30 s");
  }

  private static void expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /**
   * Sends as a client should: a 503 (the broker did not acknowledge in time, e.g. the first send of
   * a JVM on a loaded machine) is retried after its {@code Retry-After}, up to 10 times; the
   * retries count in the measured time.
   */
  static HttpResponse<String> send(HttpClient http, String method, String url, String body)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("content-type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 503 || attempt == 10) {
        return r;
      }
      RETRIES.incrementAndGet();
      Thread.sleep(1000L * r.headers().firstValue("retry-after").map(Long::parseLong).orElse(1L));
    }
  }

  /** 503 answers retried so far (a retry waits its Retry-After, at least a second). */
  private static final java.util.concurrent.atomic.AtomicInteger RETRIES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** One time of every trial, sorted. */
  static double[] column(double[][] trials, int index) {
    double[] out = new double[trials.length];
    for (int t = 0; t < trials.length; t++) {
      out[t] = trials[t][index];
    }
    Arrays.sort(out);
    return out;
  }

  static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
