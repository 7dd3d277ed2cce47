package io.overdrive.bench.stream;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import io.overdrive.domain.Interaction;
import io.overdrive.events.EventProto;
import io.overdrive.events.RankingProto;
import io.overdrive.features.LearningSettings;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.OutcomeField;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.ItemRecord;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Consumer throughput: fills a fresh topic with N protobuf events (keyed by user, as the API
 * publishes them), then starts {@code overdrive-consumer.jar} as its own process against the broker
 * and Redis and measures how fast the group's committed offsets reach the end — committed means
 * applied to Redis and archived. Checks afterwards that Redis counted every event exactly once.
 * Prints one JSON line.
 *
 * <p>With {@code --rankings-every R}, one served ranking (of two experiment arms, on a topic of its
 * own) is published per R events, and the events name the latest ranking of their user: the
 * consumer then counts outcomes per arm beside learning, as in production; "done" waits for both
 * topics.
 *
 * <p>Arguments: {@code --bootstrap host:port --redis redis://... --consumer-jar path [--events N]
 * [--partitions P] [--concurrency C] [--max-poll M] [--users U] [--items I] [--archive on|off]
 * [--rankings-every R]}
 */
public final class ConsumerThroughputBenchmark {
  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    String bootstrap = a.get("bootstrap");
    String redisUrl = a.get("redis");
    Path jar = Path.of(a.get("consumer-jar"));
    int events = a.integer("events", 1_000_000);
    int partitions = a.integer("partitions", 6);
    int concurrency = a.integer("concurrency", 2);
    int maxPoll = a.integer("max-poll", 5000);
    int users = a.integer("users", 100_000);
    int items = a.integer("items", 20_000);
    boolean archive = !"off".equals(a.get("archive", "on"));
    int rankingsEvery = a.integer("rankings-every", 0);
    long redisPid = a.longInteger("redis-pid", 0);
    long brokerPid = a.longInteger("broker-pid", 0);
    String run = Long.toString(System.currentTimeMillis(), 36);
    String topic = "bench.interactions." + run;
    String group = "bench-" + run;

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, (short) 1),
                  new NewTopic(topic + ".rankings", partitions, (short) 1),
                  new NewTopic(topic + ".dlt", 1, (short) 1)))
          .all()
          .get();
      long produceStart = System.nanoTime();
      long rankings =
          produce(
              bootstrap,
              topic,
              events,
              new SyntheticEventStream(users, items, 7, Instant.now()),
              rankingsEvery);
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

      Path work = AppProcesses.workDir(a, "consumer");
      int port = AppProcesses.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("OVERDRIVE_KAFKA_BROKERS", bootstrap);
      env.put("OVERDRIVE_REDIS_URL", redisUrl);
      env.put("OVERDRIVE_EVENTS_TOPIC", topic);
      env.put("OVERDRIVE_DEAD_LETTER_TOPIC", topic + ".dlt");
      env.put("OVERDRIVE_RANKINGS_TOPIC", topic + ".rankings");
      env.put("OVERDRIVE_CONSUMER_GROUP", group);
      env.put("OVERDRIVE_CONSUMER_CONCURRENCY", Integer.toString(concurrency));
      env.put("OVERDRIVE_CONSUMER_MAX_POLL_RECORDS", Integer.toString(maxPoll));
      env.put("OVERDRIVE_CONSUMER_PORT", Integer.toString(port));
      env.put("OVERDRIVE_ARCHIVE_DIR", archive ? work.resolve("archive").toString() : "");
      Process consumer =
          AppProcesses.startJar(
              jar, env, work.resolve("consumer.log"), "-Xmx1g", "-XX:+UseParallelGC");
      long t1 = 0;
      long c1 = 0;
      long t2;
      double[] cpuAtStart = null;
      List<long[]> samples = new ArrayList<>();
      try {
        while (true) {
          long committed = committed(admin, group, topic, partitions);
          long now = System.nanoTime();
          samples.add(new long[] {now, committed});
          if (committed > 0 && t1 == 0) {
            t1 = now;
            c1 = committed;
            cpuAtStart = ProcessStats.cpuSeconds(consumer.pid(), redisPid, brokerPid);
          }
          if (committed >= events
              && committed(admin, group + ".rankings", topic + ".rankings", partitions)
                  >= rankings) {
            t2 = now;
            break;
          }
          if (!consumer.isAlive()) {
            throw new IllegalStateException("consumer exited; see " + work.resolve("consumer.log"));
          }
          Thread.sleep(50);
        }
        String metrics =
            new String(
                java.net.http.HttpClient.newHttpClient()
                    .send(
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                    .body(),
                StandardCharsets.UTF_8);
        double batchSum = metric(metrics, "overdrive_consumer_batch_seconds_sum");
        double batchCount = metric(metrics, "overdrive_consumer_batch_seconds_count");
        double duplicates =
            metric(metrics, "overdrive_consumer_events_total", "outcome=\"duplicate\"");
        double applied = metric(metrics, "overdrive_consumer_events_total", "outcome=\"applied\"");
        double[] cpuAtEnd = ProcessStats.cpuSeconds(consumer.pid(), redisPid, brokerPid);
        long counted = countedInRedis(redisUrl, items);
        double[] outcomes = countedOutcomes(redisUrl);
        double seconds = (t2 - t1) / 1e9;
        long drained = events - c1;
        double consumerUs = 1e6 * (cpuAtEnd[0] - cpuAtStart[0]) / drained;
        double redisUs = 1e6 * (cpuAtEnd[1] - cpuAtStart[1]) / drained;
        double brokerUs = 1e6 * (cpuAtEnd[2] - cpuAtStart[2]) / drained;
        double load = ProcessStats.loadAverage();
        System.out.printf(
            "{\"benchmark\":\"consumer-throughput\",\"events\":%d,\"events_per_s\":%.0f,"
                + "\"seconds\":%.2f,\"peak_1s_events_per_s\":%.0f,\"partitions\":%d,"
                + "\"concurrency\":%d,\"max_poll_records\":%d,\"batches\":%.0f,"
                + "\"batch_ms_mean\":%.1f,\"applied\":%.0f,\"duplicates\":%.0f,"
                + "\"redis_item_counters_total\":%d,\"rankings\":%d,\"rankings_counted\":%.0f,"
                + "\"events_counted_for_arms\":%.0f,\"archive\":%b,\"users\":%d,\"items\":%d,"
                + "\"produce_events_per_s\":%.0f,\"cpus\":%d,"
                + "\"cpu_us_per_event\":{\"consumer\":%.1f,\"redis\":%.1f,\"broker\":%.1f},"
                + "\"events_per_cpu_second\":%.0f,\"server\":\"%s\",\"load_average_1m\":%.1f}%n",
            events,
            (events - c1) / seconds,
            seconds,
            peakRate(samples),
            partitions,
            concurrency,
            maxPoll,
            batchCount,
            batchCount == 0 ? 0 : 1000 * batchSum / batchCount,
            applied,
            duplicates,
            counted,
            rankings,
            outcomes[0],
            outcomes[1],
            archive,
            users,
            items,
            events / produceSeconds,
            Runtime.getRuntime().availableProcessors(),
            consumerUs,
            redisUs,
            brokerUs,
            1e6 / (consumerUs + redisUs + brokerUs),
            a.get("server", "unknown"),
            load);
      } finally {
        AppProcesses.stop(consumer);
      }
    }
  }

  /**
   * Fills the topic. Not idempotent, one request in flight: on a loaded machine a topic created a
   * moment ago can answer NOT_LEADER to its first batches, and an idempotent producer whose early
   * batch is retried after a later one landed then fails OUT_OF_ORDER_SEQUENCE until its delivery
   * timeout (DEVELOPERS.md); a record that still fails stops the run instead of leaving it waiting
   * for offsets that never come.
   */
  static long produce(
      String bootstrap, String topic, int n, SyntheticEventStream gen, int rankingsEvery)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<Exception> failed = new AtomicReference<>();
    long rankings = 0;
    Map<String, String> latest = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      Instant received = Instant.now();
      for (long i = 0; i < n && failed.get() == null; i++) {
        Interaction e = gen.next(i);
        if (rankingsEvery > 0) {
          if (i % rankingsEvery == 0) {
            ServedRanking r = ranking(e, rankings++, received);
            latest.put(e.userId(), r.rankingId());
            producer.send(
                new ProducerRecord<>(
                    topic + ".rankings",
                    e.userId().getBytes(StandardCharsets.UTF_8),
                    RankingProto.encode(r)),
                (metadata, error) -> {
                  if (error != null) {
                    failed.compareAndSet(null, error);
                  }
                });
          }
          e = e.withRankingId(latest.get(e.userId()));
        }
        producer.send(
            new ProducerRecord<>(
                topic, e.userId().getBytes(StandardCharsets.UTF_8), EventProto.encode(e, received)),
            (metadata, error) -> {
              if (error != null) {
                failed.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("could not fill " + topic, failed.get());
    }
    return rankings;
  }

  /** The n-th served ranking: 20 items, arm by user (half control, half treatment). */
  static ServedRanking ranking(Interaction e, long n, Instant at) {
    Arm arm = new Arm("bench", (e.userId().hashCode() & 1) == 0 ? "control" : "treatment");
    List<ServedRanking.Item> items = new ArrayList<>(20);
    for (int i = 0; i < 20; i++) {
      items.add(new ServedRanking.Item("i" + ((n * 20 + i) % 20_000), i, 1.0 - i / 20.0));
    }
    return new ServedRanking(
        RankingIds.next(arm.code()),
        e.userId(),
        arm.experiment(),
        arm.variant(),
        "",
        "request",
        at,
        items);
  }

  /** Rankings and attributed events counted in Redis, over every arm. */
  static double[] countedOutcomes(String url) {
    try (RedisFeatureStore store =
        RedisFeatureStore.connect(
            RedisStoreSettings.of(url).withCommandTimeout(java.time.Duration.ofSeconds(30)),
            LearningSettings.defaults())) {
      double rankings = 0;
      double events = 0;
      for (OutcomeTotals.ArmTotals t : store.outcomes().arms().values()) {
        rankings += t.get(OutcomeField.RANKINGS);
        events += t.get(OutcomeField.EVENTS);
      }
      return new double[] {rankings, events};
    }
  }

  static long committed(Admin admin, String group, String topic, int partitions) throws Exception {
    var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long sum = 0;
    for (int i = 0; i < partitions; i++) {
      var o = offsets.get(new TopicPartition(topic, i));
      sum += o == null ? 0 : o.offset();
    }
    return sum;
  }

  /** The fastest one-second window between samples. */
  static double peakRate(List<long[]> samples) {
    double best = 0;
    int j = 0;
    for (int i = 0; i < samples.size(); i++) {
      while (j < i && samples.get(i)[0] - samples.get(j)[0] > 1_000_000_000L) {
        j++;
      }
      long dt = samples.get(i)[0] - samples.get(j)[0];
      if (dt >= 500_000_000L) {
        best = Math.max(best, (samples.get(i)[1] - samples.get(j)[1]) / (dt / 1e9));
      }
    }
    return best;
  }

  static long countedInRedis(String url, int items) {
    try (RedisFeatureStore store =
        RedisFeatureStore.connect(
            RedisStoreSettings.of(url).withCommandTimeout(java.time.Duration.ofSeconds(30)),
            LearningSettings.defaults())) {
      long total = 0;
      List<String> ids = IntStream.range(0, items).mapToObj(i -> "i" + i).toList();
      for (int from = 0; from < ids.size(); from += 2000) {
        for (ItemRecord r :
            store.items(ids.subList(from, Math.min(ids.size(), from + 2000))).values()) {
          var s = r.stats();
          total +=
              s.impressions()
                  + s.views()
                  + s.likes()
                  + s.shares()
                  + s.comments()
                  + s.follows()
                  + s.skips()
                  + s.notInterested()
                  + s.reports();
        }
      }
      return total;
    }
  }

  static double metric(String text, String name, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name) || line.startsWith("#")) {
        continue;
      }
      String head = line.substring(0, line.lastIndexOf(' '));
      if (!head.equals(name) && !head.startsWith(name + "{")) {
        continue;
      }
      boolean match = true;
      for (String l : labels) {
        match &= head.contains(l);
      }
      if (match) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
