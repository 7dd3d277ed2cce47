package io.overdrive.bench.ranking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import io.overdrive.proto.v1.CandidateItem;
import io.overdrive.proto.v1.ForYouRequest;
import io.overdrive.proto.v1.ForYouResponse;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
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
 * <p>The shapes {@code grpc-ids} and {@code grpc-described} send the same requests to the serving
 * node's {@code RankingService.ForYou} ({@code --grpc HOST:PORT}, its JVM's meters at {@code
 * --grpc-jmx-port}), as the timeline service calls it: the comparison of the two edges. The callers
 * share {@code --grpc-channels} channels (default 1: a timeline service holds one channel to a node
 * and multiplexes its calls over its one HTTP/2 connection; caller {@code w} uses channel {@code w
 * mod n}) on Netty's NIO or Linux's epoll transport ({@code --grpc-transport}, default nio). Their
 * requests are encoded before anything is timed and their answers read whole but not parsed, as the
 * REST callers do ({@link PreEncodedForYou}); {@code --grpc-clients} names who calls: blocking
 * stubs on caller threads ({@code grpc}, the default) and/or chains of calls on the channel's event
 * loop ({@code grpc-event-loop}, {@link EventLoopCallers}). With {@code --grpc-metrics-url} (the
 * node's {@code /metrics}) each gRPC phase also prints the node's own percentiles of ForYou.
 *
 * <p>Besides the latencies, each phase reports what is steadier than wall-clock time on a shared
 * machine: the CPU per request of the processes named by {@code --cpu-pids} (the API, Redis), and
 * from the API's JVM over JMX ({@code --jmx-port}) the bytes allocated per request and the GC
 * pauses. Prints one JSON line.
 */
public final class RankLatencyBenchmark {
  /** The warm-up's extension, in steps of this long while the JIT compiles. */
  static final double WARM_STEP_SECONDS = 5;

  /** The JIT is quiet when its compiler threads use at most this share of a CPU. */
  static final double JIT_QUIET = 0.02;

  /** Requests built per shape; the callers send them in turn. */
  static final int REQUESTS = 256;

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    String base = a.get("url", "http://localhost:8088");
    String url = base + "/rank/for-you";
    int candidates = a.integer("candidates", 100);
    int items = a.integer("items", 2000);
    int users = a.integer("users", 200);
    int limit = a.integer("limit", 20);
    double warmup = a.decimal("warmup-seconds", 15);
    // past the warm-up, warm on while the JIT still compiles (at most this long in all): on two
    // busy cores the compilers were still using 0.7-1 ms of CPU per request in the first phase
    // after a 30 s warm-up, and the request threads ran partly uncompiled code (docs/benchmarks.md)
    double warmupMax = a.decimal("warmup-max-seconds", warmup + 30);
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
    // who sends the REST requests: the lean socket callers, the JDK's HttpClient (the yardstick of
    // the figures before 2026-12-07 08:00), and/or wrk; each phase is run once per client, in turn
    List<String> clients = List.of(a.get("clients", "socket").split(","));
    for (String client : clients) {
      if (!List.of("socket", "jdk", "wrk").contains(client)) {
        throw new IllegalArgumentException("--clients: socket, jdk or wrk, not " + client);
      }
    }
    String wrkScript = a.get("wrk-script", "bench/rank-latency.lua");
    // the API's own time per ranking, from its request timer's histogram (ServerTimings)
    String metricsUrl = a.has("no-server-timings") ? null : base + "/metrics";
    // the serving node's own time per ForYou, from its call timer (--grpc-metrics-url, its
    // /metrics)
    String grpcMetricsUrl = a.has("no-server-timings") ? null : a.get("grpc-metrics-url", null);

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // the API's allocation and GC figures: its JMX port (bench/rank-latency.sh opens one)
    MBeanServerConnection jmx = JvmMeters.connect(a.integer("jmx-port", 0));
    MBeanServerConnection grpcJmx = JvmMeters.connect(a.integer("grpc-jmx-port", 0));
    int grpcChannels = a.integer("grpc-channels", 1);
    String grpcTransport = a.get("grpc-transport", "nio");
    if (!List.of("nio", "epoll").contains(grpcTransport)) {
      throw new IllegalArgumentException("--grpc-transport: nio or epoll, not " + grpcTransport);
    }
    GrpcChannels channels =
        a.has("grpc") ? GrpcChannels.open(a.get("grpc"), grpcChannels, grpcTransport) : null;
    // who sends the gRPC calls: blocking stubs on caller threads (grpc, as a servlet-style timeline
    // service would), and/or chains of calls on the channels' own event loops (grpc-event-loop)
    List<String> grpcClients = List.of(a.get("grpc-clients", "grpc").split(","));
    for (String client : grpcClients) {
      if (!List.of("grpc", "grpc-event-loop").contains(client)) {
        throw new IllegalArgumentException(
            "--grpc-clients: grpc or grpc-event-loop, not " + client);
      }
    }
    int maxCallers = Arrays.stream(callers).max().orElse(1);
    List<String> results = new ArrayList<>();
    double loadFirst = ProcessStats.loadAverage();
    try {
      for (String shape : shapes) {
        boolean grpc = shape.startsWith("grpc-");
        if (grpc && channels == null) {
          throw new IllegalArgumentException("--shapes " + shape + " needs --grpc HOST:PORT");
        }
        List<Request> requests =
            requests(grpc ? shape.substring(5) : shape, candidates, items, users, limit, REQUESTS);
        List<byte[]> bodies = requests.stream().map(Request::json).toList();
        double bodyKb = averageKb(requests, grpc);
        MBeanServerConnection meters = grpc ? grpcJmx : jmx;
        long meteredPid = pid(pids, pidNames, grpc ? "serving" : "api");
        List<String> shapeClients = grpc ? grpcClients : clients;
        Path wrkBodies = shapeClients.contains("wrk") ? WrkPhase.writeBodies(bodies) : null;
        String first = shapeClients.get(0).equals("wrk") ? "socket" : shapeClients.get(0);
        // one gRPC stub per channel or one JDK client for all callers of the shape (built once:
        // the protobuf messages take a while); the socket callers each open their own connection
        List<byte[]> encoded = grpc ? encodedForYou(channels, requests) : null;
        IntPredicate[] shared =
            grpc
                ? grpcCalls(channels, encoded)
                : new IntPredicate[] {httpCall(http, url, requests)};
        PhaseRun phase =
            (client, n, s, nanos) ->
                client.equals("grpc-event-loop")
                    ? EventLoopCallers.run(channels.channels(), encoded, n, s, nanos)
                    : run(callers(client, shared, base, bodies), n, s, nanos);
        phase.run(first, maxCallers, warmup, null);
        double warmed = warmup;
        while (warmed + WARM_STEP_SECONDS <= warmupMax) {
          double jit0 = ThreadCpu.jitSeconds(meteredPid);
          phase.run(first, maxCallers, WARM_STEP_SECONDS, null);
          warmed += WARM_STEP_SECONDS;
          if (ThreadCpu.jitSeconds(meteredPid) - jit0 <= JIT_QUIET * WARM_STEP_SECONDS) {
            break;
          }
        }
        String warmedJson = String.format(Locale.ROOT, ", \"warmup_s\": %.0f", warmed);
        for (int c : callers) {
          for (String client : shapeClients) {
            double load0 = ProcessStats.loadAverage();
            JvmMeters m0 = JvmMeters.read(meters);
            ServerTimings s0 = serverTimings(http, grpc ? grpcMetricsUrl : metricsUrl, grpc);
            double[] cpu0 = ProcessStats.cpuSeconds(pids);
            Map<String, Double> threads0 = ProcessStats.threadCpuSeconds(meteredPid);
            Instant started = Instant.now();
            Phase p =
                client.equals("wrk")
                    ? WrkPhase.run(wrkScript, wrkBodies, url, c, seconds)
                    : phase.run(client, c, seconds, new long[1 << 20]);
            // when each phase ran, for lining up a profiler's or a sampler's readings with it
            System.err.printf(
                Locale.ROOT,
                "rank-latency: phase %s %s %d callers %s %s%n",
                shape,
                client,
                c,
                started,
                Instant.now());
            double[] cpu1 = ProcessStats.cpuSeconds(pids);
            Map<String, Double> threads1 = ProcessStats.threadCpuSeconds(meteredPid);
            JvmMeters m1 = JvmMeters.read(meters);
            String threadCpu = ThreadCpu.json(threads0, threads1, m0, m1, Math.max(1, p.count()));
            ServerTimings server =
                serverTimings(http, grpc ? grpcMetricsUrl : metricsUrl, grpc).since(s0);
            results.add(
                p.json(shape, client, c, bodyKb, pids, pidNames, cpu0, cpu1, m0, m1, server, load0)
                    .replaceFirst("}$", warmedJson + threadCpu + "}"));
          }
        }
      }
    } finally {
      if (channels != null) {
        channels.close();
      }
    }
    System.out.println(
        jsonNumbers(
            String.format(
                Locale.ROOT,
                "{\"benchmark\": \"rank-latency\", \"label\": \"%s\", \"candidates\": %d, \"limit\": %d,"
                    + "%s \"date\": \"%s\", \"results\": [%s], \"cpus\": %d, \"loadavg_1m\": [%.2f, %.2f]}",
                label,
                candidates,
                limit,
                channels == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        " \"grpc_channels\": %d, \"grpc_transport\": \"%s\",",
                        grpcChannels,
                        grpcTransport),
                Instant.now().toString().substring(0, 16) + "Z",
                String.join(", ", results),
                Runtime.getRuntime().availableProcessors(),
                loadFirst,
                ProcessStats.loadAverage())));
  }

  private static ServerTimings serverTimings(HttpClient http, String metricsUrl, boolean node) {
    return node ? ServerTimings.readNode(http, metricsUrl) : ServerTimings.read(http, metricsUrl);
  }

  private static final Pattern NOT_A_NUMBER =
      Pattern.compile("(?<=: |\\[|, )-?(?:NaN|Infinity)(?=[,\\]}])");

  /**
   * The line with every figure that has no value (NaN or an infinity: a server-side percentile the
   * gRPC shapes cannot read, a meter without a JMX connection) written as JSON's {@code null}, so
   * that the line parses ({@code jq}, a notebook) instead of breaking on {@code NaN}.
   */
  static String jsonNumbers(String line) {
    return NOT_A_NUMBER.matcher(line).replaceAll("null");
  }

  /**
   * One request, sent as JSON or protobuf: a random user and random distinct catalogue items, each
   * by id or described with every field ({@link #post}).
   */
  record Request(String user, int[] items, int limit, boolean described, byte[] json) {
    ForYouRequest proto() {
      ForYouRequest.Builder b = ForYouRequest.newBuilder().setUserId(user).setLimit(limit);
      for (int item : items) {
        if (described) {
          b.addCandidates(post(item).proto());
        } else {
          b.addCandidateIds("i" + item);
        }
      }
      return b.build();
    }
  }

  /** Pre-built requests of a shape ({@code ids} or {@code described}). */
  static List<Request> requests(
      String shape, int candidates, int items, int users, int limit, int n) {
    boolean described =
        switch (shape) {
          case "ids" -> false;
          case "described" -> true;
          default ->
              throw new IllegalArgumentException(
                  "--shapes: ids, described, grpc-ids or grpc-described, not " + shape);
        };
    SplittableRandom rnd = new SplittableRandom(7);
    List<Request> out = new ArrayList<>(n);
    int[] ids = new int[items];
    for (int b = 0; b < n; b++) {
      String user = "u" + rnd.nextInt(users);
      for (int i = 0; i < items; i++) {
        ids[i] = i;
      }
      for (int i = 0; i < candidates; i++) { // partial Fisher-Yates: distinct random items
        int j = i + rnd.nextInt(items - i);
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
      }
      int[] chosen = Arrays.copyOf(ids, candidates);
      out.add(new Request(user, chosen, limit, described, json(user, chosen, limit, described)));
    }
    return out;
  }

  private static byte[] json(String user, int[] items, int limit, boolean described) {
    StringBuilder s = new StringBuilder(items.length * (described ? 260 : 14) + 64);
    s.append("{\"user_id\": \"").append(user).append("\", \"limit\": ");
    s.append(limit).append(", \"candidate_items\": [");
    for (int i = 0; i < items.length; i++) {
      s.append(i > 0 ? "," : "");
      if (described) {
        post(items[i]).json(s);
      } else {
        s.append("{\"id\": \"i").append(items[i]).append("\"}");
      }
    }
    return s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double averageKb(List<Request> requests, boolean grpc) {
    return requests.stream()
            .mapToInt(r -> grpc ? r.proto().getSerializedSize() : r.json().length)
            .average()
            .orElse(0)
        / 1024;
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

  /** A described post: every field, the same for an item in every request. */
  record Post(
      int item,
      String content,
      List<String> hashtags,
      String media,
      double engagementRate,
      double qualityScore,
      String author,
      Instant createdAt) {

    void json(StringBuilder s) {
      s.append("{\"id\": \"i").append(item).append("\", \"content\": \"").append(content);
      s.append("\", \"hashtags\": [");
      for (int t = 0; t < hashtags.size(); t++) {
        s.append(t > 0 ? ", " : "").append('"').append(hashtags.get(t)).append('"');
      }
      s.append("], \"media_types\": [\"").append(media).append("\"]");
      s.append(String.format(Locale.ROOT, ", \"engagement_rate\": %.4f", engagementRate));
      s.append(String.format(Locale.ROOT, ", \"quality_score\": %.3f", qualityScore));
      s.append(", \"author_id\": \"").append(author).append('"');
      s.append(", \"created_at\": \"").append(createdAt).append("\"}");
    }

    /** The same post for gRPC (the JSON's rounded scores, so both edges rank the same values). */
    CandidateItem proto() {
      return CandidateItem.newBuilder()
          .setId("i" + item)
          .setContent(content)
          .addAllHashtags(hashtags)
          .addMediaTypes(media)
          .setEngagementRate(Double.parseDouble(String.format(Locale.ROOT, "%.4f", engagementRate)))
          .setQualityScore(Double.parseDouble(String.format(Locale.ROOT, "%.3f", qualityScore)))
          .setAuthorId(author)
          .setCreatedAt(
              Timestamp.newBuilder()
                  .setSeconds(createdAt.getEpochSecond())
                  .setNanos(createdAt.getNano()))
          .build();
    }
  }

  /** One candidate with every field; the same item is described the same way every time. */
  static Post post(int item) {
    SplittableRandom r = new SplittableRandom(item * 1_000_003L + 11);
    StringBuilder content = new StringBuilder();
    while (content.length() < 26) {
      content.append(content.length() > 0 ? " " : "").append(WORDS[r.nextInt(WORDS.length)]);
    }
    content.append(" #").append(TAGS[r.nextInt(TAGS.length)]);
    int tags = 2 + r.nextInt(4);
    List<String> hashtags = new ArrayList<>(tags);
    for (int t = 0; t < tags; t++) {
      hashtags.add(TAGS[(item + t * 5) % TAGS.length]);
    }
    String media = MEDIA[r.nextInt(MEDIA.length)];
    double engagement = r.nextDouble(0, 0.2);
    double quality = r.nextDouble(0.3, 1);
    String author = "a" + r.nextInt(300);
    Instant created = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(r.nextInt(400_000));
    return new Post(
        item, content.toString(), hashtags, media, engagement, quality, author, created);
  }

  /**
   * The API's JVM meters at one moment, read over JMX (the API runs with a local JMX port): bytes
   * allocated by its live threads (exact, unlike a GC-sampled counter; request threads are pooled,
   * so none of a phase's work leaves with a dead thread), and the collectors' pause counts and
   * times.
   */
  record JvmMeters(
      double allocatedBytes,
      double pauseSeconds,
      double pauses,
      double requestThreadCpuSeconds,
      double requestThreadBytes,
      Map<String, Double> javaThreadCpuSeconds) {
    static final JvmMeters UNKNOWN =
        new JvmMeters(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of());

    /**
     * The group a Java thread's CPU is reported under ({@link ThreadCpu}): the request threads,
     * Tomcat's poller and acceptor, Lettuce's (Redis) event loops, gRPC's (Netty event loops,
     * executors), the JMX connection the benchmark reads the meters over, and the rest.
     */
    static String group(String name) {
      if (requestThread(name)) {
        return "request";
      } else if (name.startsWith("http-nio-")) {
        return "tomcat";
      } else if (name.startsWith("lettuce-")) {
        return "lettuce";
      } else if (name.startsWith("grpc-")) {
        return "grpc";
      } else if (name.startsWith("RMI ") || name.startsWith("JMX ")) {
        return "jmx";
      }
      return "other_java";
    }

    /**
     * The threads that run requests: Tomcat's workers at the API, the gRPC call threads at the
     * serving node. Their CPU and allocation per request move far less with the machine's load than
     * the process's, which also carries the JIT, the collector's threads and background work spread
     * over however few requests a loaded machine completes.
     */
    static boolean requestThread(String name) {
      return name.startsWith("http-nio-") && name.contains("-exec-")
          || name.startsWith("grpc-call");
    }

    static JvmMeters read(MBeanServerConnection jmx) {
      if (jmx == null) {
        return UNKNOWN;
      }
      try {
        com.sun.management.ThreadMXBean threads =
            ManagementFactory.newPlatformMXBeanProxy(
                jmx, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long[] cpu = threads.getThreadCpuTime(ids);
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        long allocated = 0;
        long requestBytes = 0;
        long requestCpu = 0;
        Map<String, Double> groups = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
          allocated += Math.max(0, bytes[i]);
          if (infos[i] != null) {
            groups.merge(group(infos[i].getThreadName()), Math.max(0, cpu[i]) / 1e9, Double::sum);
          }
          if (infos[i] != null && requestThread(infos[i].getThreadName())) {
            requestBytes += Math.max(0, bytes[i]);
            requestCpu += Math.max(0, cpu[i]);
          }
        }
        double pauseMillis = 0;
        double pauses = 0;
        for (GarbageCollectorMXBean gc :
            ManagementFactory.getPlatformMXBeans(jmx, GarbageCollectorMXBean.class)) {
          String name = gc.getName(); // "ZGC Minor Cycles", "Shenandoah Cycles", "... Pauses"
          if ((name.contains("Concurrent") || name.contains("Cycles"))
              && !name.contains("Pauses")) {
            continue; // ZGC/Shenandoah cycles: concurrent time, not a pause
          }
          pauseMillis += gc.getCollectionTime();
          pauses += gc.getCollectionCount();
        }
        return new JvmMeters(
            allocated, pauseMillis / 1000, pauses, requestCpu / 1e9, requestBytes, groups);
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

  /** The pid named {@code name} in {@code --cpu-names}, or 0. */
  static long pid(long[] pids, String[] names, String name) {
    for (int i = 0; i < pids.length && i < names.length; i++) {
      if (names[i].equals(name)) {
        return pids[i];
      }
    }
    return 0;
  }

  /**
   * Where a JVM's CPU per request went, by thread group: the Java threads' groups from JMX (full
   * names, {@link JvmMeters#group}), the JVM's own threads from /proc (the collector's workers, the
   * JIT's compiler threads, the VM thread), and what neither names ({@code other}: the process's
   * /proc total less the groups, e.g. threads that ended during the phase). Answers what the
   * process's CPU per request spends beside the request threads.
   */
  static final class ThreadCpu {
    private ThreadCpu() {}

    static String native_(String name) {
      if (name.startsWith("GC Thread")
          || name.startsWith("G1 ")
          || name.startsWith("ZWorker")
          || name.startsWith("Z") && name.contains("Driver")) {
        return "gc";
      } else if (name.contains("CompilerThre")) {
        return "jit";
      } else if (name.startsWith("VM ")) {
        return "vm";
      }
      return null;
    }

    /** CPU seconds used so far by a JVM's compiler threads (0 where unknown). */
    static double jitSeconds(long pid) {
      double sum = 0;
      for (Map.Entry<String, Double> e : ProcessStats.threadCpuSeconds(pid).entrySet()) {
        if ("jit".equals(native_(e.getKey()))) {
          sum += e.getValue();
        }
      }
      return sum;
    }

    static String json(
        Map<String, Double> proc0, Map<String, Double> proc1, JvmMeters m0, JvmMeters m1, int n) {
      if (proc1.isEmpty() || m1.javaThreadCpuSeconds().isEmpty()) {
        return "";
      }
      Map<String, Double> groups = new LinkedHashMap<>();
      for (String g : List.of("request", "tomcat", "lettuce", "grpc", "jmx", "other_java")) {
        groups.put(
            g,
            m1.javaThreadCpuSeconds().getOrDefault(g, 0.0)
                - m0.javaThreadCpuSeconds().getOrDefault(g, 0.0));
      }
      double total = 0;
      for (Map.Entry<String, Double> e : proc1.entrySet()) {
        double used = e.getValue() - proc0.getOrDefault(e.getKey(), 0.0);
        total += used;
        String g = native_(e.getKey());
        if (g != null) {
          groups.merge(g, used, Double::sum);
        }
      }
      double named = groups.values().stream().mapToDouble(Double::doubleValue).sum();
      groups.put("other", total - named);
      StringBuilder out = new StringBuilder(", \"thread_cpu_ms_per_request\": {");
      String sep = "";
      for (Map.Entry<String, Double> e : groups.entrySet()) {
        out.append(
            String.format(Locale.ROOT, "%s\"%s\": %.3f", sep, e.getKey(), 1000 * e.getValue() / n));
        sep = ", ";
      }
      return out.append('}').toString();
    }
  }

  /** A phase's client-side figures (milliseconds). */
  record Phase(
      int count, long errors, double seconds, double p50, double p90, double p99, double max) {
    /** From the latencies (ns) of {@code count} requests. */
    static Phase of(long[] nanos, int count, long errors, double seconds) {
      long[] sorted = Arrays.copyOf(nanos, count);
      Arrays.sort(sorted);
      return new Phase(
          count,
          errors,
          seconds,
          percentile(sorted, 50),
          percentile(sorted, 90),
          percentile(sorted, 99),
          percentile(sorted, 100));
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    double rps() {
      return count / seconds;
    }

    String json(
        String shape,
        String client,
        int callers,
        double bodyKb,
        long[] pids,
        String[] pidNames,
        double[] cpu0,
        double[] cpu1,
        JvmMeters m0,
        JvmMeters m1,
        ServerTimings server,
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
      return String.format(
          Locale.ROOT,
          "{\"shape\": \"%s\", \"client\": \"%s\", \"body_kb\": %.1f, \"callers\": %d,"
              + " \"requests\": %d, \"errors\": %d, \"p50_ms\": %.2f, \"p90_ms\": %.2f,"
              + " \"p99_ms\": %.2f, \"max_ms\": %.2f, \"server_requests\": %.0f,"
              + " \"server_p50_ms\": %.2f, \"server_p90_ms\": %.2f, \"server_p99_ms\": %.2f,"
              + " \"rps\": %.1f%s, \"request_thread_cpu_ms_per_request\": %.3f,"
              + " \"alloc_kb_per_request\": %.1f, \"request_thread_alloc_kb_per_request\": %.1f,"
              + " \"gc_pauses\": %.0f, \"gc_pause_ms_total\": %.1f,"
              + " \"gc_pause_ms_per_1000_requests\": %.2f, \"loadavg_1m\": %.2f}",
          shape,
          client,
          bodyKb,
          callers,
          count,
          errors,
          p50,
          p90,
          p99,
          max,
          server.count(),
          server.percentileMillis(50),
          server.percentileMillis(90),
          server.percentileMillis(99),
          rps(),
          cpu,
          1000 * (m1.requestThreadCpuSeconds - m0.requestThreadCpuSeconds) / n,
          (m1.allocatedBytes - m0.allocatedBytes) / 1024 / n,
          (m1.requestThreadBytes - m0.requestThreadBytes) / 1024 / n,
          m1.pauses - m0.pauses,
          1000 * (m1.pauseSeconds - m0.pauseSeconds),
          1e6 * (m1.pauseSeconds - m0.pauseSeconds) / n,
          load);
    }
  }

  /**
   * Each caller's call for a phase: its own {@link SocketHttpCaller} connection ({@code socket}),
   * or one of the calls {@code shared} by all (the JDK's {@code HttpClient}, {@code jdk}, or the
   * gRPC stubs, caller {@code w} on the stub {@code w} modulo their number).
   */
  static IntFunction<IntPredicate> callers(
      String client, IntPredicate[] shared, String base, List<byte[]> bodies) {
    return client.equals("socket")
        ? w -> new SocketHttpCaller(base, "/rank/for-you", bodies)
        : w -> shared[w % shared.length];
  }

  /** POST /rank/for-you with request {@code i}'s JSON: true on a 200. */
  static IntPredicate httpCall(HttpClient http, String url, List<Request> requests) {
    return i -> {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(i).json()))
              .build();
      try {
        return http.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }

  /** One phase of {@code callers} callers of {@code client} ({@code nanos}: null to warm up). */
  @FunctionalInterface
  interface PhaseRun {
    Phase run(String client, int callers, double seconds, long[] nanos) throws InterruptedException;
  }

  /**
   * The requests' protobuf, encoded once before anything is timed: the gRPC callers send these
   * bytes and read the answers whole but do not parse them, as the REST callers do with their JSON
   * ({@link PreEncodedForYou}). One untimed call first checks that an answer parses as the node's
   * {@code ForYouResponse} with ranked items.
   */
  static List<byte[]> encodedForYou(GrpcChannels channels, List<Request> requests) {
    List<byte[]> encoded = requests.stream().map(r -> PreEncodedForYou.encode(r.proto())).toList();
    try {
      ForYouResponse first =
          ForYouResponse.parseFrom(
              PreEncodedForYou.stub(channels.channels().get(0))
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .forYou(encoded.get(0)));
      if (first.getItemsCount() == 0) {
        throw new IllegalStateException("ForYou answered no items: " + first);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("ForYou's answer is not a ForYouResponse", e);
    }
    return encoded;
  }

  /** RankingService.ForYou with the encoded request {@code i} on each channel: true on OK. */
  static IntPredicate[] grpcCalls(GrpcChannels channels, List<byte[]> encoded) {
    return channels.channels().stream().map(c -> grpcCall(c, encoded)).toArray(IntPredicate[]::new);
  }

  /** RankingService.ForYou with the encoded request {@code i}: true on OK. */
  static IntPredicate grpcCall(ManagedChannel channel, List<byte[]> encoded) {
    PreEncodedForYou.Stub stub = PreEncodedForYou.stub(channel);
    return i -> {
      try {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).forYou(encoded.get(i));
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    };
  }

  /**
   * {@code n} plaintext channels to {@code address}, each its own HTTP/2 connection, connected
   * before anything is timed: on gRPC's shared NIO event loops ({@code nio}, grpc-java's default)
   * or on one epoll event loop per core ({@code epoll}).
   */
  record GrpcChannels(List<ManagedChannel> channels, EventLoopGroup loops)
      implements AutoCloseable {
    static GrpcChannels open(String address, int n, String transport) {
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon);
      int port = Integer.parseInt(address.substring(colon + 1));
      EventLoopGroup loops =
          transport.equals("epoll")
              ? new MultiThreadIoEventLoopGroup(
                  Runtime.getRuntime().availableProcessors(),
                  new DefaultThreadFactory("grpc-epoll-client", true),
                  EpollIoHandler.newFactory())
              : null;
      List<ManagedChannel> channels = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        NettyChannelBuilder b =
            NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(16 << 20);
        if (loops != null) {
          b.eventLoopGroup(loops).channelType(EpollSocketChannel.class);
        }
        ManagedChannel channel = b.build();
        channel.getState(true);
        channels.add(channel);
      }
      return new GrpcChannels(List.copyOf(channels), loops);
    }

    @Override
    public void close() {
      channels.forEach(ManagedChannel::shutdownNow);
      if (loops != null) {
        loops.shutdownGracefully();
      }
    }
  }

  static Phase run(IntFunction<IntPredicate> callers, int workers, double seconds, long[] nanos)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Thread[] threads = new Thread[workers];
    IntPredicate[] calls = new IntPredicate[workers];
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int seed = w;
      IntPredicate call = callers.apply(w);
      calls[w] = call;
      threads[w] =
          new Thread(
              () -> {
                int i = seed * 31;
                while (!stop.get()) {
                  long start = System.nanoTime();
                  boolean ok = call.test(i++ % REQUESTS);
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
    for (IntPredicate call : calls) {
      if (call instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          // the phase is over
        }
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    int count = (int) Math.min(next.get(), nanos == null ? 0 : nanos.length);
    return Phase.of(nanos == null ? new long[0] : nanos, count, errors.get(), elapsed);
  }
}
