package io.overdrive.bench.ranking;

import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for {@code POST /rank/for-you}, run in a JVM of its own by {@code
 * bench/rank-latency.sh} (which starts the API), or against any running API: {@code java -cp ...
 * io.overdrive.bench.ranking.RankLatencyBenchmark --url http://localhost:8088 --candidates 500}.
 *
 * <p>Two phases after a warm-up: latency (one request at a time, so each figure is the service's
 * own time plus loopback, not queueing) and throughput (several closed-loop workers). Requests name
 * catalogue items {@code i0..i<items-1>} and users {@code u0..u<users-1>} of the demo world, so
 * every candidate is hydrated from the store. Prints one JSON line.
 */
public final class RankLatencyBenchmark {
  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    String url = a.get("url", "http://localhost:8088") + "/rank/for-you";
    int candidates = a.integer("candidates", 100);
    int items = a.integer("items", 2000);
    int users = a.integer("users", 200);
    int limit = a.integer("limit", 20);
    double warmup = a.decimal("warmup-seconds", 15);
    double latencySeconds = a.decimal("seconds", 20);
    double throughputSeconds = a.decimal("throughput-seconds", 15);
    int concurrency = a.integer("concurrency", 4);
    String label = a.get("label", "");
    // processes whose CPU time per request to report (the API, redis-server): on a shared machine
    // the CPU a request costs is steadier than its wall-clock latency
    long[] pids =
        a.has("cpu-pids")
            ? Arrays.stream(a.get("cpu-pids").split(",")).mapToLong(Long::parseLong).toArray()
            : new long[0];

    List<String> bodies = bodies(candidates, items, users, limit, 256);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    run(http, url, bodies, Math.max(1, concurrency), warmup, null);
    double loadBefore = ProcessStats.loadAverage();
    double[] cpu0 = ProcessStats.cpuSeconds(pids);
    Phase latency = run(http, url, bodies, 1, latencySeconds, new long[1 << 20]);
    double[] cpu1 = ProcessStats.cpuSeconds(pids);
    StringBuilder cpu = new StringBuilder("[");
    for (int i = 0; i < pids.length; i++) {
      double perRequest = 1000 * (cpu1[i] - cpu0[i]) / Math.max(1, latency.count);
      cpu.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.2f", perRequest));
    }
    cpu.append("]");
    Phase throughput = run(http, url, bodies, concurrency, throughputSeconds, new long[1 << 20]);

    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\": \"rank-latency\", \"label\": \"%s\", \"candidates\": %d, \"limit\": %d,"
                + " \"latency\": {\"concurrency\": 1, \"requests\": %d, \"errors\": %d,"
                + " \"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f,"
                + " \"rps\": %.1f, \"cpu_ms_per_request\": %s},"
                + " \"throughput\": {\"concurrency\": %d, \"requests\": %d, \"errors\": %d,"
                + " \"rps\": %.1f, \"p50_ms\": %.2f, \"p99_ms\": %.2f},"
                + " \"cpus\": %d, \"loadavg_1m\": [%.2f, %.2f]}",
            label,
            candidates,
            limit,
            latency.count,
            latency.errors,
            latency.percentile(50),
            latency.percentile(90),
            latency.percentile(99),
            latency.percentile(100),
            latency.rps(),
            cpu,
            concurrency,
            throughput.count,
            throughput.errors,
            throughput.rps(),
            throughput.percentile(50),
            throughput.percentile(99),
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            ProcessStats.loadAverage()));
  }

  /** Pre-built request bodies: random users and random distinct catalogue items. */
  static List<String> bodies(int candidates, int items, int users, int limit, int n) {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> out = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      StringBuilder s = new StringBuilder(candidates * 14 + 64);
      s.append("{\"user_id\": \"u").append(rnd.nextInt(users)).append("\", \"limit\": ");
      s.append(limit).append(", \"candidate_items\": [");
      int[] ids = new int[items];
      for (int i = 0; i < items; i++) {
        ids[i] = i;
      }
      for (int i = 0; i < candidates; i++) { // partial Fisher-Yates: distinct random items
        int j = i + rnd.nextInt(items - i);
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
        s.append(i > 0 ? "," : "").append("{\"id\": \"i").append(ids[i]).append("\"}");
      }
      out.add(s.append("]}").toString());
    }
    return out;
  }

  record Phase(long[] nanos, int count, long errors, double seconds) {
    double percentile(double p) {
      if (count == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      int idx = (int) Math.ceil(p / 100.0 * count) - 1;
      return sorted[Math.max(0, Math.min(count - 1, idx))] / 1e6;
    }

    double rps() {
      return count / seconds;
    }
  }

  static Phase run(
      HttpClient http, String url, List<String> bodies, int workers, double seconds, long[] nanos)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Thread[] threads = new Thread[workers];
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int seed = w;
      threads[w] =
          new Thread(
              () -> {
                int i = seed * 31;
                while (!stop.get()) {
                  String body = bodies.get(i++ % bodies.size());
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(url))
                          .timeout(Duration.ofSeconds(10))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build();
                  long start = System.nanoTime();
                  boolean ok;
                  try {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    ok = r.statusCode() == 200;
                  } catch (Exception e) {
                    ok = false;
                  }
                  long dt = System.nanoTime() - start;
                  if (!ok) {
                    errors.incrementAndGet();
                    continue;
                  }
                  long slot = next.getAndIncrement();
                  if (nanos != null && slot < nanos.length) {
                    nanos[(int) slot] = dt;
                  }
                }
              });
      threads[w].start();
    }
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    int count = (int) Math.min(next.get(), nanos == null ? 0 : nanos.length);
    return new Phase(nanos == null ? new long[0] : nanos, count, errors.get(), elapsed);
  }
}
