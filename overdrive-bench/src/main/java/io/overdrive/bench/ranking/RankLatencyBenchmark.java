package io.overdrive.bench.ranking;

import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Load generator for {@code POST /rank/for-you}, run in a JVM of its own by {@code
 * bench/rank-latency.sh} (which starts the API), or against any running API: {@code java -cp ...
 * io.overdrive.bench.ranking.RankLatencyBenchmark --url http://localhost:8088 --candidates 500}.
 *
 * <p>Two request shapes: {@code ids} (candidates named by id, the catalogue fills the rest) and
 * {@code described} (every field given: content of ~30 characters, 2-5 hashtags, media types, both
 * scores, author and creation time, ~240 bytes a candidate, the shape of a gateway that owns its
 * posts). For each shape, after a warm-up, closed-loop phases with 1 and 4 callers (by default).
 * Requests name catalogue items {@code i0..i<items-1>} and users {@code u0..u<users-1>} of the demo
 * world; a described item's fields are the same in every request, as a gateway's post would be.
 *
 * <p>Besides the latencies, each phase reports what is steadier than wall-clock time on a shared
 * machine: the CPU per request of the processes named by {@code --cpu-pids} (the API, Redis), and
 * from the API's JVM over JMX ({@code --jmx-port}) the bytes allocated per request and the GC
 * pauses. Prints one JSON line.
 */
public final class RankLatencyBenchmark {
  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    String base = a.get("url", "http://localhost:8088");
    String url = base + "/rank/for-you";
    int candidates = a.integer("candidates", 100);
    int items = a.integer("items", 2000);
    int users = a.integer("users", 200);
    int limit = a.integer("limit", 20);
    double warmup = a.decimal("warmup-seconds", 15);
    double seconds = a.decimal("seconds", 20);
    List<String> shapes = List.of(a.get("shapes", "ids,described").split(","));
    int[] callers =
        Arrays.stream(a.get("callers", "1,4").split(",")).mapToInt(Integer::parseInt).toArray();
    String label = a.get("label", "");
    // processes whose CPU time per request to report (the API, redis-server): on a shared machine
    // the CPU a request costs is steadier than its wall-clock latency
    long[] pids =
        a.has("cpu-pids")
            ? Arrays.stream(a.get("cpu-pids").split(",")).mapToLong(Long::parseLong).toArray()
            : new long[0];
    String[] pidNames = a.get("cpu-names", "").split(",");

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // the API's allocation and GC figures: its JMX port (bench/rank-latency.sh opens one)
    MBeanServerConnection jmx = JvmMeters.connect(a.integer("jmx-port", 0));
    int maxCallers = Arrays.stream(callers).max().orElse(1);
    List<String> results = new ArrayList<>();
    double loadFirst = ProcessStats.loadAverage();
    for (String shape : shapes) {
      List<byte[]> bodies = bodies(shape, candidates, items, users, limit, 256);
      run(http, url, bodies, maxCallers, warmup, null);
      for (int c : callers) {
        double load0 = ProcessStats.loadAverage();
        JvmMeters m0 = JvmMeters.read(jmx);
        double[] cpu0 = ProcessStats.cpuSeconds(pids);
        Phase p = run(http, url, bodies, c, seconds, new long[1 << 20]);
        double[] cpu1 = ProcessStats.cpuSeconds(pids);
        JvmMeters m1 = JvmMeters.read(jmx);
        results.add(p.json(shape, c, bodies, pids, pidNames, cpu0, cpu1, m0, m1, load0));
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\": \"rank-latency\", \"label\": \"%s\", \"candidates\": %d, \"limit\": %d,"
                + " \"date\": \"%s\", \"results\": [%s], \"cpus\": %d, \"loadavg_1m\": [%.2f, %.2f]}",
            label,
            candidates,
            limit,
            Instant.now().toString().substring(0, 16) + "Z",
            String.join(", ", results),
            Runtime.getRuntime().availableProcessors(),
            loadFirst,
            ProcessStats.loadAverage()));
  }

  /** Pre-built request bodies of a shape: random users and random distinct catalogue items. */
  static List<byte[]> bodies(String shape, int candidates, int items, int users, int limit, int n) {
    boolean described =
        switch (shape) {
          case "ids" -> false;
          case "described" -> true;
          default -> throw new IllegalArgumentException("--shapes: ids or described, not " + shape);
        };
    SplittableRandom rnd = new SplittableRandom(7);
    List<byte[]> out = new ArrayList<>(n);
    int[] ids = new int[items];
    for (int b = 0; b < n; b++) {
      StringBuilder s = new StringBuilder(candidates * (described ? 260 : 14) + 64);
      s.append("{\"user_id\": \"u").append(rnd.nextInt(users)).append("\", \"limit\": ");
      s.append(limit).append(", \"candidate_items\": [");
      for (int i = 0; i < items; i++) {
        ids[i] = i;
      }
      for (int i = 0; i < candidates; i++) { // partial Fisher-Yates: distinct random items
        int j = i + rnd.nextInt(items - i);
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
        s.append(i > 0 ? "," : "");
        if (described) {
          describe(s, ids[i]);
        } else {
          s.append("{\"id\": \"i").append(ids[i]).append("\"}");
        }
      }
      out.add(s.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static final String[] WORDS = {
    "new", "track", "from", "the", "studio", "match", "recap", "goal", "recipe", "quick", "pasta",
    "street", "photo", "sunset", "city", "coding", "tips", "java", "travel", "vlog", "beach", "cat",
    "funny", "moments", "live", "show", "tonight", "review", "phone", "camera"
  };
  private static final String[] TAGS = {
    "music",
    "football",
    "cooking",
    "photography",
    "tech",
    "travel",
    "pets",
    "comedy",
    "gaming",
    "fitness",
    "fashion",
    "art"
  };
  private static final String[] MEDIA = {"image", "video", "text"};

  /** One candidate with every field; the same item is described the same way every time. */
  static void describe(StringBuilder s, int item) {
    SplittableRandom r = new SplittableRandom(item * 1_000_003L + 11);
    StringBuilder content = new StringBuilder();
    while (content.length() < 26) {
      content.append(content.length() > 0 ? " " : "").append(WORDS[r.nextInt(WORDS.length)]);
    }
    content.append(" #").append(TAGS[r.nextInt(TAGS.length)]);
    s.append("{\"id\": \"i").append(item).append("\", \"content\": \"").append(content);
    s.append("\", \"hashtags\": [");
    int tags = 2 + r.nextInt(4);
    for (int t = 0; t < tags; t++) {
      s.append(t > 0 ? ", " : "").append('"').append(TAGS[(item + t * 5) % TAGS.length]);
      s.append('"');
    }
    s.append("], \"media_types\": [\"").append(MEDIA[r.nextInt(MEDIA.length)]).append("\"]");
    s.append(String.format(Locale.ROOT, ", \"engagement_rate\": %.4f", r.nextDouble(0, 0.2)));
    s.append(String.format(Locale.ROOT, ", \"quality_score\": %.3f", r.nextDouble(0.3, 1)));
    s.append(", \"author_id\": \"a").append(r.nextInt(300)).append('"');
    s.append(", \"created_at\": \"")
        .append(Instant.parse("2026-12-01T00:00:00Z").plusSeconds(r.nextInt(400_000)))
        .append("\"}");
  }

  /**
   * The API's JVM meters at one moment, read over JMX (the API runs with a local JMX port): bytes
   * allocated by its live threads (exact, unlike a GC-sampled counter; request threads are pooled,
   * so none of a phase's work leaves with a dead thread), and the collectors' pause counts and
   * times.
   */
  record JvmMeters(double allocatedBytes, double pauseSeconds, double pauses) {
    static final JvmMeters UNKNOWN = new JvmMeters(Double.NaN, Double.NaN, Double.NaN);

    static JvmMeters read(MBeanServerConnection jmx) {
      if (jmx == null) {
        return UNKNOWN;
      }
      try {
        com.sun.management.ThreadMXBean threads =
            ManagementFactory.newPlatformMXBeanProxy(
                jmx, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        long allocated = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
          allocated += Math.max(0, b);
        }
        double pauseMillis = 0;
        double pauses = 0;
        for (GarbageCollectorMXBean gc :
            ManagementFactory.getPlatformMXBeans(jmx, GarbageCollectorMXBean.class)) {
          if (gc.getName().contains("Concurrent") && !gc.getName().contains("Pauses")) {
            continue; // ZGC/Shenandoah cycles: concurrent time, not a pause
          }
          pauseMillis += gc.getCollectionTime();
          pauses += gc.getCollectionCount();
        }
        return new JvmMeters(allocated, pauseMillis / 1000, pauses);
      } catch (IOException | RuntimeException e) {
        return UNKNOWN;
      }
    }

    /** The API's JMX connection, or null (figures print as NaN) when there is none. */
    static MBeanServerConnection connect(int port) {
      if (port <= 0) {
        return null;
      }
      try {
        JMXServiceURL url =
            new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url).getMBeanServerConnection();
      } catch (IOException e) {
        System.err.println("rank-latency: no JMX at port " + port + " (" + e + ")");
        return null;
      }
    }
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

    String json(
        String shape,
        int callers,
        List<byte[]> bodies,
        long[] pids,
        String[] pidNames,
        double[] cpu0,
        double[] cpu1,
        JvmMeters m0,
        JvmMeters m1,
        double load) {
      int n = Math.max(1, count);
      StringBuilder cpu = new StringBuilder();
      for (int i = 0; i < pids.length; i++) {
        String name = i < pidNames.length && !pidNames[i].isEmpty() ? pidNames[i] : "pid" + i;
        cpu.append(
            String.format(
                Locale.ROOT,
                ", \"%s_cpu_ms_per_request\": %.3f",
                name,
                1000 * (cpu1[i] - cpu0[i]) / n));
      }
      double bodyKb = bodies.stream().mapToInt(b -> b.length).average().orElse(0) / 1024;
      return String.format(
          Locale.ROOT,
          "{\"shape\": \"%s\", \"body_kb\": %.1f, \"callers\": %d, \"requests\": %d,"
              + " \"errors\": %d, \"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f,"
              + " \"max_ms\": %.2f, \"rps\": %.1f%s, \"alloc_kb_per_request\": %.1f,"
              + " \"gc_pauses\": %.0f, \"gc_pause_ms_total\": %.1f,"
              + " \"gc_pause_ms_per_1000_requests\": %.2f, \"loadavg_1m\": %.2f}",
          shape,
          bodyKb,
          callers,
          count,
          errors,
          percentile(50),
          percentile(90),
          percentile(99),
          percentile(100),
          rps(),
          cpu,
          (m1.allocatedBytes - m0.allocatedBytes) / 1024 / n,
          m1.pauses - m0.pauses,
          1000 * (m1.pauseSeconds - m0.pauseSeconds),
          1e6 * (m1.pauseSeconds - m0.pauseSeconds) / n,
          load);
    }
  }

  static Phase run(
      HttpClient http, String url, List<byte[]> bodies, int workers, double seconds, long[] nanos)
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
                  byte[] body = bodies.get(i++ % bodies.size());
                  HttpRequest req =
                      HttpRequest.newBuilder(URI.create(url))
                          .timeout(Duration.ofSeconds(10))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build();
                  long start = System.nanoTime();
                  boolean ok;
                  try {
                    HttpResponse<byte[]> r =
                        http.send(req, HttpResponse.BodyHandlers.ofByteArray());
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
