package io.overdrive.bench.stream;

import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import io.overdrive.domain.Interaction;
import io.overdrive.events.EventIngestor;
import io.overdrive.events.EventProto;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The consumer's hot path without Kafka, to see where a batch's time goes: decode, deltas (common
 * code), Redis apply, and the server's CPU per event. Run with {@code bench/consumer-apply.sh}, or
 * {@code --redis redis://... [--redis-pid P] [--server NAME] [--batches B] [--batch N]
 * [--per-script S] [--users U]} (100,000 users by default; fewer users means longer histories per
 * user). The first quarter of the batches is warm-up.
 */
public final class ConsumerApplyBenchmark {
  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    int batches = a.integer("batches", 40);
    int size = a.integer("batch", 5000);
    int perScript = a.integer("per-script", 256);
    int users = a.integer("users", 100_000);
    LearningSettings learning = LearningSettings.defaults();
    InteractionUpdater updater = new InteractionUpdater(InterestTaxonomy.loadDefault(), learning);
    SyntheticEventStream gen = new SyntheticEventStream(users, 20_000, 11, Instant.now());
    try (RedisFeatureStore store =
        RedisFeatureStore.connect(
            RedisStoreSettings.of(a.get("redis"))
                .withEventsPerScript(perScript)
                .withCommandTimeout(java.time.Duration.ofSeconds(30)),
            learning)) {
      EventIngestor ingestor = new EventIngestor(store, updater);
      long decodeNs = 0;
      long deltaNs = 0;
      long applyNs = 0;
      long n = 0;
      long redisPid = a.longInteger("redis-pid", 0);
      double redisCpuAtStart = 0;
      for (int b = 0; b < batches; b++) {
        if (b == batches / 4) {
          redisCpuAtStart = ProcessStats.cpuSeconds(redisPid)[0];
        }
        List<byte[]> wire = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          wire.add(EventProto.encode(gen.next(n++), Instant.now()));
        }
        long t0 = System.nanoTime();
        List<Interaction> events = new ArrayList<>(size);
        for (byte[] w : wire) {
          events.add(EventProto.decode(w));
        }
        long t1 = System.nanoTime();
        List<FeatureDelta> deltas = ingestor.deltas(events);
        long t2 = System.nanoTime();
        store.apply(deltas);
        long t3 = System.nanoTime();
        if (b >= batches / 4) { // warm-up excluded
          decodeNs += t1 - t0;
          deltaNs += t2 - t1;
          applyNs += t3 - t2;
        }
      }
      long measured = (long) size * (batches - batches / 4);
      double redisCpu = ProcessStats.cpuSeconds(redisPid)[0] - redisCpuAtStart;
      System.out.printf(
          Locale.ROOT,
          "{\"benchmark\":\"consumer-apply\",\"events\":%d,\"batch\":%d,\"per_script\":%d,"
              + "\"users\":%d,\"decode_us_per_event\":%.2f,\"deltas_us_per_event\":%.2f,"
              + "\"redis_apply_us_per_event\":%.2f,\"events_per_s\":%.0f,"
              + "\"server_cpu_us_per_event\":%s,\"server\":\"%s\",\"load_average_1m\":%.1f}%n",
          measured,
          size,
          perScript,
          users,
          decodeNs / 1e3 / measured,
          deltaNs / 1e3 / measured,
          applyNs / 1e3 / measured,
          measured / ((decodeNs + deltaNs + applyNs) / 1e9),
          redisPid > 0 ? String.format(Locale.ROOT, "%.2f", 1e6 * redisCpu / measured) : "null",
          a.get("server", "unknown"),
          ProcessStats.loadAverage());
    }
  }
}
