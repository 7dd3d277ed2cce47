package io.overdrive.bench.outcomes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.overdrive.bench.BenchArgs;
import io.overdrive.domain.Item;
import io.overdrive.events.EventIngestor;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.outcomes.InProcessRankingLog;
import io.overdrive.outcomes.KafkaRankingLog;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.synthetic.SyntheticWorld;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * The served-ranking log's cost on the ranking hot path: the same For You call ({@link
 * ForYouService} over the in-memory store, 100 bare candidate ids, limit 20) with the log off, with
 * the standalone log (a queue and a background thread counting into the store) and, with {@code
 * --bootstrap}, with the Kafka log (a non-blocking send to a real broker). Modes alternate in
 * blocks of {@code --block} requests for {@code --rounds} rounds, so load drifts hit all of them;
 * per mode it prints the p50/p99 of the call's wall time and the calling thread's CPU. One JSON
 * line.
 */
public final class RankingLogBenchmark {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private RankingLogBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args);
    int rounds = a.integer("rounds", 8);
    int block = a.integer("block", 1000);
    int warmup = a.integer("warmup", 3000);
    String bootstrap = a.get("bootstrap", "");
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(2000).withItems(20_000).withAuthors(1000));
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    store.putItems(world.catalogue());
    world.users().forEach(u -> store.putProfile(u.profile()));
    EventIngestor ingestor = new EventIngestor(store, new InteractionUpdater(taxonomy, learning));
    for (var u : world.users().subList(0, 1000)) {
      ingestor.ingest(world.interactions(u));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ForYouRanker ranker =
        new ForYouRanker(
            ForYouPipelines.standard(store, taxonomy, learning, registry, List.of(), List.of()),
            ExperimentAssigner.none(RankingSettings.defaults()),
            Clock.systemUTC());
    Map<String, RankingLog> logs = new LinkedHashMap<>();
    logs.put("off", RankingLog.OFF);
    InProcessRankingLog inProcess =
        new InProcessRankingLog(store, null, new OutcomeMetrics(registry), registry, 10_000);
    logs.put("in_process", inProcess);
    if (!bootstrap.isBlank()) {
      logs.put("kafka", KafkaRankingLog.create(bootstrap, "bench.rankings", registry));
      Thread.sleep(3000); // the log fetches the topic's metadata in the background
    }
    Map<String, ForYouService> services = new LinkedHashMap<>();
    RecentCatalogue catalogue = new RecentCatalogue(RecentCatalogue.DEFAULT_CAPACITY);
    logs.forEach(
        (k, log) ->
            services.put(
                k, new ForYouService(ranker, catalogue, registry, log, Clock.systemUTC())));

    List<Item> items = world.catalogue();
    SplittableRandom rnd = new SplittableRandom(5);
    for (ForYouService s : services.values()) {
      run(s, world, items, rnd, warmup, null, null, 0);
    }
    Map<String, double[]> wall = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    services.keySet().forEach(k -> wall.put(k, new double[rounds * block]));
    services.keySet().forEach(k -> cpu.put(k, new double[rounds * block]));
    for (int r = 0; r < rounds; r++) {
      for (var e : services.entrySet()) {
        run(
            e.getValue(),
            world,
            items,
            rnd,
            block,
            wall.get(e.getKey()),
            cpu.get(e.getKey()),
            r * block);
      }
    }
    inProcess.flush();
    StringJoiner json = new StringJoiner(", ", "{", "}");
    json.add("\"benchmark\": \"ranking-log\"");
    json.add("\"requests_per_mode\": " + rounds * block);
    json.add("\"candidates\": 100");
    json.add("\"cores\": " + Runtime.getRuntime().availableProcessors());
    json.add(
        String.format(
            Locale.ROOT,
            "\"load_average\": %.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
    for (String k : services.keySet()) {
      double[] w = wall.get(k);
      double[] c = cpu.get(k);
      Arrays.sort(w);
      Arrays.sort(c);
      json.add(
          String.format(
              Locale.ROOT,
              "\"%s\": {\"p50_us\": %.1f, \"p99_us\": %.1f, \"cpu_p50_us\": %.1f, \"cpu_p99_us\": %.1f}",
              k,
              pct(w, 0.5),
              pct(w, 0.99),
              pct(c, 0.5),
              pct(c, 0.99)));
    }
    double dropped =
        registry.find("overdrive.rankings.log.dropped").counters().stream()
            .mapToDouble(x -> x.count())
            .sum();
    json.add(String.format(Locale.ROOT, "\"rankings_dropped\": %.0f", dropped));
    System.out.println(json);
    for (RankingLog log : logs.values()) {
      log.close();
    }
    System.exit(0);
  }

  private static void run(
      ForYouService s,
      SyntheticWorld world,
      List<Item> items,
      SplittableRandom rnd,
      int n,
      double[] wall,
      double[] cpu,
      int offset) {
    for (int i = 0; i < n; i++) {
      String user = world.users().get(rnd.nextInt(world.users().size())).id();
      List<Item> candidates = new ArrayList<>(100);
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (candidates.size() < 100) {
        Item it = items.get(rnd.nextInt(items.size()));
        if (seen.add(it.id())) {
          candidates.add(Item.withId(it.id()));
        }
      }
      RankRequest req = new RankRequest(user, candidates, 20);
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      s.rank(req);
      long t1 = System.nanoTime();
      long c1 = THREADS.getCurrentThreadCpuTime();
      if (wall != null) {
        wall[offset + i] = (t1 - t0) / 1e3;
        cpu[offset + i] = (c1 - c0) / 1e3;
      }
    }
  }

  private static double pct(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }
}
