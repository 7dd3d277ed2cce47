package io.overdrive.bench.soak;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import io.overdrive.features.LearningSettings;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.SyntheticEmbeddings;
import io.overdrive.store.ItemRecord;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak: the distributed stack as real processes ({@code overdrive-api.jar} with Kafka, Redis
 * and the gRPC serving node; {@code overdrive-consumer.jar}; {@code overdrive-serving.jar} with a
 * synthetic model version; the broker and Redis the script started or was given) under steady mixed
 * load for {@code --minutes}: For You with candidates and without (retrieval on the serving node),
 * event batches, new items. One JSON line per minute: requests and errors per kind, p50/p99 per
 * kind, each JVM's heap after a full GC ({@code jcmd GC.run}, then the heap in use), Redis's {@code
 * used_memory}, the consumer group's lag on the events topic, the load average. Then a verdict line
 * comparing the first and last minutes (flat lines are the pass), after checking that every
 * acknowledged event was applied exactly once (likes counted on the items in Redis).
 *
 * <p>Arguments: {@code --bootstrap host:port --redis redis://... --api-jar --consumer-jar
 * --serving-jar --work DIR [--minutes 10] [--rank-rps 30] [--event-batches-per-second 10]
 * [--events-per-batch 20] [--item-rps 1] [--users 2000] [--items 3000] [--dedup-window-seconds 120]
 * [--feature-ttl-seconds 300]}
 */
public final class SoakBenchmark {
  private static final Pattern CANDIDATE_SOURCE =
      Pattern.compile("\"candidate_source\":\"([^\":]*)");
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    Settings s = Settings.from(a);
    String run = Long.toString(System.currentTimeMillis(), 36);
    Path work = AppProcesses.workDir(a, "soak");
    Topics topics = new Topics("soak." + run);
    ItemEmbeddings items = new SyntheticEmbeddings(32, 8, 0.5, 7).items("soak-v1", s.items());
    new ModelVersions(work.resolve("models")).publish(items);
    createTopics(a.get("bootstrap"), topics);

    try (Stack stack = Stack.start(a, work, run, topics)) {
      Load load = new Load(HttpClient.newHttpClient(), stack.base(), items.ids(), s);
      Sampler sampler =
          new Sampler(
              a.get("redis"),
              a.get("bootstrap"),
              topics.events(),
              stack.group(),
              Map.of(
                  "api", stack.api().pid(),
                  "consumer", stack.consumer().pid(),
                  "serving", stack.serving().pid()));
      // warm-up: JIT, connections, the consumer's partitions; not measured
      load.start();
      Thread.sleep(s.warmupSeconds() * 1000L);
      load.takeMinute();
      List<Minute> minutes = new ArrayList<>();
      for (int m = 1; m <= s.minutes(); m++) {
        Thread.sleep(60_000);
        Minute minute = sampler.sample(m, load.takeMinute());
        minutes.add(minute);
        System.out.println(minute.json());
        System.out.flush();
      }
      load.stop();
      long drainedMs = sampler.awaitNoLag(Duration.ofMinutes(3));
      long counted = countLikes(a.get("redis"), items.ids());
      System.out.println(Verdict.of(minutes, load, counted, drainedMs, s).json());
    }
  }

  /** The load's shape. */
  record Settings(
      int minutes,
      int warmupSeconds,
      double rankRps,
      double eventBatchesPerSecond,
      int eventsPerBatch,
      double itemRps,
      int users,
      int items) {
    static Settings from(BenchArgs a) {
      return new Settings(
          a.integer("minutes", 10),
          a.integer("warmup-seconds", 45),
          a.decimal("rank-rps", 30),
          a.decimal("event-batches-per-second", 10),
          a.integer("events-per-batch", 20),
          a.decimal("item-rps", 1),
          a.integer("users", 2000),
          a.integer("items", 3000));
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "\"load\":{\"rank_rps\":%.1f,\"event_batches_per_s\":%.1f,\"events_per_batch\":%d,"
              + "\"item_rps\":%.1f,\"users\":%d,\"items\":%d}",
          rankRps,
          eventBatchesPerSecond,
          eventsPerBatch,
          itemRps,
          users,
          items);
    }
  }

  record Topics(String prefix) {
    String events() {
      return prefix + ".interactions";
    }

    String items() {
      return prefix + ".items";
    }

    String users() {
      return prefix + ".users";
    }

    String rankings() {
      return prefix + ".rankings";
    }
  }

  /** Production topics exist before producers start (docker-compose's kafka-topics job). */
  static void createTopics(String bootstrap, Topics t) throws Exception {
    try (Admin admin = Admin.create(adminProps(bootstrap))) {
      Map<String, String> compact = Map.of("cleanup.policy", "compact");
      admin
          .createTopics(
              List.of(
                  new NewTopic(t.events(), 6, (short) 1),
                  new NewTopic(t.events() + ".dlt", 1, (short) 1),
                  new NewTopic(t.items(), 6, (short) 1).configs(compact),
                  new NewTopic(t.users(), 6, (short) 1).configs(compact),
                  new NewTopic(t.items() + ".dlt", 1, (short) 1),
                  new NewTopic(t.users() + ".dlt", 1, (short) 1),
                  new NewTopic(t.rankings(), 6, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  static Properties adminProps(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return p;
  }

  /** Likes counted on the items in Redis: one per acknowledged like event if none was lost. */
  static long countLikes(String redis, List<String> itemIds) {
    try (RedisFeatureStore store =
        RedisFeatureStore.connect(RedisStoreSettings.of(redis), LearningSettings.defaults())) {
      long likes = 0;
      for (int from = 0; from < itemIds.size(); from += 500) {
        Map<String, ItemRecord> read =
            store.items(itemIds.subList(from, Math.min(itemIds.size(), from + 500)));
        for (ItemRecord r : read.values()) {
          likes += r.stats().likes();
        }
      }
      return likes;
    }
  }

  /** Open-loop load at fixed rates; a slow answer does not slow the schedule. */
  static final class Load {
    private final HttpClient http;
    private final String base;
    private final List<String> itemIds;
    private final Settings s;
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    private final ExecutorService workers = Executors.newFixedThreadPool(32);
    private final AtomicReference<Window> window = new AtomicReference<>(new Window());
    private final AtomicLong eventSeq = new AtomicLong();
    private final AtomicLong itemSeq = new AtomicLong();
    final AtomicLong likesAcknowledged = new AtomicLong();
    final AtomicLong likesSent = new AtomicLong();

    Load(HttpClient http, String base, List<String> itemIds, Settings s) {
      this.http = http;
      this.base = base;
      this.itemIds = itemIds;
      this.s = s;
    }

    void start() {
      every(s.rankRps(), this::rank);
      every(s.eventBatchesPerSecond(), this::events);
      every(s.itemRps(), this::item);
    }

    private void every(double perSecond, Runnable r) {
      if (perSecond <= 0) {
        return;
      }
      long periodMicros = Math.max(1, Math.round(1e6 / perSecond));
      ticks.scheduleAtFixedRate(
          () -> workers.execute(r), periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    void stop() throws InterruptedException {
      ticks.shutdownNow();
      workers.shutdown();
      workers.awaitTermination(60, TimeUnit.SECONDS);
    }

    Window takeMinute() {
      return window.getAndSet(new Window());
    }

    private String user() {
      return "soak-u" + ThreadLocalRandom.current().nextInt(s.users());
    }

    private String itemId() {
      return itemIds.get(ThreadLocalRandom.current().nextInt(itemIds.size()));
    }

    private void rank() {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      if (rnd.nextInt(4) == 0) {
        // no candidates: retrieval on the serving node (its fallback when it does not answer)
        send("rank_retrieval", "/rank/for-you", "{\"user_id\":\"" + user() + "\",\"limit\":20}");
        return;
      }
      StringBuilder b = new StringBuilder("{\"user_id\":\"").append(user());
      b.append("\",\"limit\":20,\"candidate_items\":[");
      // 100 distinct candidates (an id given twice is a 400)
      int start = rnd.nextInt(itemIds.size());
      for (int i = 0; i < 100; i++) {
        String id = itemIds.get((start + i * 29) % itemIds.size());
        b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
      }
      send("rank", "/rank/for-you", b.append("]}").toString());
    }

    private void events() {
      StringBuilder b = new StringBuilder("[");
      long now = System.currentTimeMillis();
      int likes = 0;
      for (int i = 0; i < s.eventsPerBatch(); i++) {
        boolean like = i % 2 == 0;
        likes += like ? 1 : 0;
        b.append(i == 0 ? "" : ",")
            .append("{\"event_id\":\"soak-e")
            .append(eventSeq.incrementAndGet())
            .append("\",\"user_id\":\"")
            .append(user())
            .append("\",\"item_id\":\"")
            .append(itemId())
            .append("\",\"type\":\"")
            .append(like ? "like" : "view")
            .append("\",\"dwell_ms\":")
            .append(like ? 0 : 4000)
            .append(",\"timestamp\":\"")
            .append(java.time.Instant.ofEpochMilli(now))
            .append("\"}");
      }
      likesSent.addAndGet(likes);
      int status = send("events", "/events", b.append("]").toString());
      if (status == 202 || status == 200) {
        likesAcknowledged.addAndGet(likes);
      }
    }

    private void item() {
      long n = itemSeq.incrementAndGet();
      send(
          "items",
          "/items",
          "{\"id\":\"soak-new-"
              + n
              + "\",\"author_id\":\"soak-author-"
              + (n % 50)
              + "\",\"content\":\"soak item "
              + n
              + "\",\"hashtags\":[\"travel\"],\"media_types\":[\"video\"]}");
    }

    private int send(String kind, String path, String body) {
      long start = System.nanoTime();
      int status;
      String source = null;
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        status = r.statusCode();
        Matcher m = CANDIDATE_SOURCE.matcher(r.body());
        source = kind.equals("rank_retrieval") && m.find() ? m.group(1) : null;
      } catch (IOException | InterruptedException e) {
        status = 0;
      }
      window.get().record(kind, (System.nanoTime() - start) / 1000, status, source);
      return status;
    }
  }

  /** One minute's latencies (microseconds) and statuses per kind. */
  static final class Window {
    private final Map<String, List<Long>> micros = new HashMap<>();
    private final Map<String, Map<Integer, Long>> statuses = new HashMap<>();
    private final Map<String, Long> sources = new java.util.TreeMap<>();

    /**
     * @param source the answer's candidate source (retrieval, fallback) for For You without
     *     candidates, else null
     */
    synchronized void record(String kind, long us, int status, String source) {
      micros.computeIfAbsent(kind, k -> new ArrayList<>()).add(us);
      statuses.computeIfAbsent(kind, k -> new HashMap<>()).merge(status, 1L, Long::sum);
      if (source != null) {
        sources.merge(source, 1L, Long::sum);
      }
    }

    /** Answers with a status of 500 or more, or none (connection refused, timeout). */
    synchronized long serverErrors() {
      long e = 0;
      for (String kind : statuses.keySet()) {
        e += serverErrors(kind);
      }
      return e;
    }

    synchronized long serverErrors(String kind) {
      long e = 0;
      for (var entry : statuses.getOrDefault(kind, Map.of()).entrySet()) {
        if (entry.getKey() == 0 || entry.getKey() >= 500) {
          e += entry.getValue();
        }
      }
      return e;
    }

    synchronized long errors() {
      long e = 0;
      for (Map<Integer, Long> byStatus : statuses.values()) {
        for (var entry : byStatus.entrySet()) {
          if (entry.getKey() == 0 || entry.getKey() >= 400) {
            e += entry.getValue();
          }
        }
      }
      return e;
    }

    synchronized double p99Ms(String kind) {
      return pct(kind, 99);
    }

    synchronized String json() {
      StringBuilder b = new StringBuilder();
      for (String kind : List.of("rank", "rank_retrieval", "events", "items")) {
        List<Long> l = micros.getOrDefault(kind, List.of());
        b.append(
            String.format(
                Locale.ROOT,
                "\"%s\":{\"n\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"statuses\":%s},",
                kind,
                l.size(),
                pct(kind, 50),
                pct(kind, 99),
                pct(kind, 100),
                statusJson(statuses.getOrDefault(kind, Map.of()))));
      }
      b.append("\"retrieval_sources\":{");
      int n = 0;
      for (var e : sources.entrySet()) {
        b.append(n++ > 0 ? "," : "")
            .append('"')
            .append(e.getKey())
            .append("\":")
            .append(e.getValue());
      }
      return b.append("},").toString();
    }

    private double pct(String kind, double p) {
      List<Long> l = new ArrayList<>(micros.getOrDefault(kind, List.of()));
      if (l.isEmpty()) {
        return 0;
      }
      l.sort(null);
      int i = (int) Math.ceil(p / 100.0 * l.size()) - 1;
      return l.get(Math.max(0, Math.min(l.size() - 1, i))) / 1000.0;
    }

    private static String statusJson(Map<Integer, Long> s) {
      StringBuilder b = new StringBuilder("{");
      s.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  b.append(b.length() > 1 ? "," : "")
                      .append('"')
                      .append(e.getKey())
                      .append("\":")
                      .append(e.getValue()));
      return b.append('}').toString();
    }
  }

  /** One minute of the run, as printed. */
  record Minute(
      int minute,
      Window window,
      Map<String, Double> heapAfterGcMb,
      double redisUsedMb,
      Map<String, RedisKeyspace.Kind> redisKeys,
      long consumerLag,
      double load) {
    String json() {
      StringBuilder heap = new StringBuilder("{");
      heapAfterGcMb.forEach(
          (k, v) ->
              heap.append(heap.length() > 1 ? "," : "")
                  .append(String.format(Locale.ROOT, "\"%s\":%.1f", k, v)));
      return String.format(
          Locale.ROOT,
          "{\"benchmark\":\"soak\",\"minute\":%d,%s\"errors\":%d,\"heap_after_gc_mb\":%s},"
              + "\"redis_used_mb\":%.1f,\"redis_keys\":%s,\"consumer_lag\":%d,"
              + "\"load_average_1m\":%.1f}",
          minute,
          window.json(),
          window.errors(),
          heap,
          redisUsedMb,
          RedisKeyspace.json(redisKeys),
          consumerLag,
          load);
    }
  }

  /** Reads the processes' heaps, Redis's memory and the consumer group's lag. */
  static final class Sampler {
    private final String redisUrl;
    private final String bootstrap;
    private final String topic;
    private final String group;
    private final Map<String, Long> pids;

    Sampler(String redisUrl, String bootstrap, String topic, String group, Map<String, Long> pids) {
      this.redisUrl = redisUrl;
      this.bootstrap = bootstrap;
      this.topic = topic;
      this.group = group;
      this.pids = pids;
    }

    Minute sample(int minute, Window w) throws Exception {
      Map<String, Double> heap = new java.util.TreeMap<>();
      for (var e : pids.entrySet()) {
        heap.put(e.getKey(), heapAfterGcMb(e.getValue()));
      }
      return new Minute(
          minute,
          w,
          heap,
          redisUsedMb(),
          RedisKeyspace.measure(redisUrl),
          lag(),
          ProcessStats.loadAverage());
    }

    /** A full GC, then the heap in use (MB): what survives, the line a leak would raise. */
    static double heapAfterGcMb(long pid) throws Exception {
      jcmd(pid, "GC.run");
      Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
      return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }

    private static String jcmd(long pid, String command) throws Exception {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    }

    double redisUsedMb() {
      RedisClient client = RedisClient.create(redisUrl);
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        for (String line : c.sync().info("memory").split("\r?\n")) {
          if (line.startsWith("used_memory:")) {
            return Long.parseLong(line.substring("used_memory:".length()).trim()) / 1048576.0;
          }
        }
        return -1;
      } finally {
        client.shutdown();
      }
    }

    /** Events on the topic the group has not committed yet. */
    long lag() throws Exception {
      try (Admin admin = Admin.create(adminProps(bootstrap))) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        int partitions =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        for (int p = 0; p < partitions; p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
      }
    }

    /** Milliseconds until the group committed everything (-1: not within {@code patience}). */
    long awaitNoLag(Duration patience) throws Exception {
      long start = System.nanoTime();
      while (System.nanoTime() - start < patience.toNanos()) {
        try {
          if (lag() == 0) {
            return (System.nanoTime() - start) / 1_000_000;
          }
        } catch (java.util.concurrent.ExecutionException brokerNotBackYet) {
          // asked again below
        }
        Thread.sleep(500);
      }
      return -1;
    }
  }

  /**
   * Pass: no error, every acknowledged like counted once, the lag drained, and flat lines: the last
   * minute's p99 (For You with candidates) within twice the first's (+20 ms for noise), each JVM's
   * heap after GC within 25 % (+16 MB) of the first minute's, and Redis's memory within 10 % (+2
   * MB) of the minute halfway through the run: by then the dedup marks (window plus pruning
   * interval), the sequence lists (full at 1,000 items per user) and the new items nobody engages
   * with (gone a feature TTL after their write) have reached their steady state, given enough
   * minutes for the load's users ({@code docs/benchmarks.md}).
   */
  record Verdict(String json) {
    static Verdict of(List<Minute> minutes, Load load, long counted, long drainedMs, Settings s) {
      List<String> failed = new ArrayList<>();
      Minute first = minutes.get(0);
      Minute last = minutes.get(minutes.size() - 1);
      // Redis: the minute halfway through (at least the third), once the bounded structures
      // (dedup marks, sequence lists, items nobody writes) had time to fill
      Minute redisRef =
          minutes.get(Math.min(Math.max(2, (minutes.size() - 1) / 2), minutes.size() - 1));
      long errors = minutes.stream().mapToLong(m -> m.window().errors()).sum();
      if (errors > 0) {
        failed.add(errors + " errors");
      }
      if (counted != load.likesAcknowledged.get()) {
        failed.add(
            "likes counted in Redis "
                + counted
                + " != acknowledged "
                + load.likesAcknowledged.get());
      }
      if (drainedMs < 0) {
        failed.add("consumer lag not drained within 3 minutes");
      }
      double p99First = first.window().p99Ms("rank");
      double p99Last = last.window().p99Ms("rank");
      if (p99Last > 2 * p99First + 20) {
        failed.add(String.format(Locale.ROOT, "rank p99 %.1f -> %.1f ms", p99First, p99Last));
      }
      for (String jvm : first.heapAfterGcMb().keySet()) {
        double a = first.heapAfterGcMb().get(jvm);
        double b = last.heapAfterGcMb().get(jvm);
        if (b > 1.25 * a + 16) {
          failed.add(String.format(Locale.ROOT, "%s heap after GC %.1f -> %.1f MB", jvm, a, b));
        }
      }
      if (last.redisUsedMb() > 1.1 * redisRef.redisUsedMb() + 2) {
        failed.add(
            String.format(
                Locale.ROOT,
                "redis used memory %.1f -> %.1f MB",
                redisRef.redisUsedMb(),
                last.redisUsedMb()));
      }
      StringBuilder reasons = new StringBuilder("[");
      for (String f : failed) {
        reasons.append(reasons.length() > 1 ? "," : "").append('"').append(f).append('"');
      }
      return new Verdict(
          String.format(
              Locale.ROOT,
              "{\"benchmark\":\"soak\",\"verdict\":\"%s\",\"failed\":%s,\"minutes\":%d,%s,"
                  + "\"errors\":%d,\"likes_acknowledged\":%d,\"likes_counted\":%d,"
                  + "\"likes_sent\":%d,\"lag_drained_ms\":%d,"
                  + "\"rank_p99_ms\":{\"first\":%.1f,\"last\":%.1f},"
                  + "\"redis_used_mb\":{\"minute_%d\":%.1f,\"last\":%.1f}}",
              failed.isEmpty() ? "pass" : "fail",
              reasons.append(']'),
              minutes.size(),
              s.describe(),
              errors,
              load.likesAcknowledged.get(),
              counted,
              load.likesSent.get(),
              drainedMs,
              p99First,
              p99Last,
              redisRef.minute(),
              redisRef.redisUsedMb(),
              last.redisUsedMb()));
    }
  }
}
