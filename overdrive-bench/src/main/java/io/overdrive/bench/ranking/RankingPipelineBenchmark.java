package io.overdrive.bench.ranking;

import io.overdrive.bench.BenchArgs;
import io.overdrive.domain.Item;
import io.overdrive.events.EventIngestor;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankingPipeline;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.synthetic.SyntheticWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * The For You pipeline's own cost, in process and single-threaded, over the in-memory store: the
 * budget the pipeline takes out of the end-to-end p99 (HTTP and Redis round trips come on top and
 * are measured by the API benchmark). Requests alternate between users with history and new users;
 * candidates are bare ids filled from the catalogue, or fully described items as a gateway sends
 * them. Prints one JSON line. Run with {@code bench/ranking-pipeline}.
 */
public final class RankingPipelineBenchmark {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private RankingPipelineBenchmark() {}

  public static void main(String[] args) {
    BenchArgs a = BenchArgs.parse(args);
    int requests = a.integer("requests", 4000);
    int warmup = a.integer("warmup", 3000);
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(2000).withItems(20_000).withAuthors(1000));
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    store.putItems(world.catalogue());
    EventIngestor ingestor = new EventIngestor(store, new InteractionUpdater(taxonomy, learning));
    world.users().forEach(u -> store.putProfile(u.profile()));
    for (var u : world.users().subList(0, 1000)) {
      ingestor.ingest(world.interactions(u));
    }
    RankingPipeline pipeline =
        ForYouPipelines.standard(store, taxonomy, learning, null, List.of(), List.of());
    RankingSettings settings = RankingSettings.defaults();
    Instant now = world.config().start().plus(Duration.ofDays(1));

    StringJoiner json = new StringJoiner(", ", "{", "}");
    json.add("\"benchmark\": \"ranking-pipeline\"");
    json.add("\"cores\": " + Runtime.getRuntime().availableProcessors());
    json.add("\"requests\": " + requests);
    json.add(
        String.format(
            Locale.ROOT,
            "\"load_average\": %.1f",
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
    for (int candidates : new int[] {100, 500}) {
      for (boolean described : new boolean[] {false, true}) {
        SplittableRandom rnd = new SplittableRandom(candidates * 31L + (described ? 1 : 0));
        run(world, pipeline, settings, now, rnd, candidates, described, warmup, null, null);
        Map<String, double[]> stages = new LinkedHashMap<>();
        double[] cpu = new double[requests];
        double[] total =
            run(world, pipeline, settings, now, rnd, candidates, described, requests, stages, cpu);
        String key = candidates + (described ? "_described" : "_ids");
        json.add(String.format(Locale.ROOT, "\"p50_ms_%s\": %.3f", key, percentile(total, 0.50)));
        json.add(String.format(Locale.ROOT, "\"p99_ms_%s\": %.3f", key, percentile(total, 0.99)));
        // CPU time of the ranking thread: the pipeline's cost when the machine does not deschedule
        // it
        json.add(String.format(Locale.ROOT, "\"cpu_p50_ms_%s\": %.3f", key, percentile(cpu, 0.50)));
        json.add(String.format(Locale.ROOT, "\"cpu_p99_ms_%s\": %.3f", key, percentile(cpu, 0.99)));
        if (candidates == 500 && !described) {
          StringJoiner perStage = new StringJoiner(", ", "{", "}");
          stages.forEach(
              (name, ms) ->
                  perStage.add(
                      String.format(Locale.ROOT, "\"%s\": %.3f", name, percentile(ms, 0.5))));
          json.add("\"stage_p50_ms_500_ids\": " + perStage);
        }
      }
    }
    System.out.println(json);
  }

  private static double[] run(
      SyntheticWorld world,
      RankingPipeline pipeline,
      RankingSettings settings,
      Instant now,
      SplittableRandom rnd,
      int candidates,
      boolean described,
      int requests,
      Map<String, double[]> stages,
      double[] cpuMillis) {
    double[] millis = new double[requests];
    int items = world.items().size();
    for (int r = 0; r < requests; r++) {
      String user = "u" + rnd.nextInt(world.users().size());
      List<Item> request = new ArrayList<>(candidates);
      for (int i = 0; i < candidates; i++) {
        Item item = world.items().get(rnd.nextInt(items)).item();
        request.add(described ? item : Item.withId(item.id()));
      }
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      RankResult result =
          pipeline.rank(new RankRequest(user, request, 20), settings, "control", now);
      millis[r] = (System.nanoTime() - t0) / 1e6;
      if (cpuMillis != null) {
        cpuMillis[r] = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
      }
      if (stages != null) {
        int at = r;
        result
            .stageMillis()
            .forEach((k, v) -> stages.computeIfAbsent(k, x -> new double[requests])[at] = v);
      }
    }
    return millis;
  }

  private static double percentile(double[] xs, double q) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
  }
}
