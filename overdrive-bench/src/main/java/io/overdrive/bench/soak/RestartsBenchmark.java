package io.overdrive.bench.soak;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.bench.ProcessStats;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.SyntheticEmbeddings;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Restarts under load, on the distributed stack as real processes ({@link Stack}): with For You
 * (with and without candidates), event batches and new items flowing, the serving node is killed
 * ({@code SIGKILL}) and started again, then, when the commands are given, the Kafka broker is
 * stopped and started again. One JSON line per phase (statuses, p50/p99, where For You without
 * candidates got them: {@code retrieval} from the node or {@code fallback}), then a verdict: no 5xx
 * and no failed call while the serving node is down or back (For You falls back, then retrieves
 * again), For You unharmed by the broker's restart (events and items may answer 503: nothing is
 * accepted that Kafka did not take), and every acknowledged like counted once in Redis (counted ≥
 * acknowledged: nothing lost; counted ≤ sent: nothing counted twice).
 *
 * <p>Arguments: as {@link SoakBenchmark} (its load settings), plus {@code [--phase-seconds 30]
 * [--broker-stop CMD --broker-start CMD]} (shell commands that stop and start the broker at {@code
 * --bootstrap}; without them only the serving node is restarted).
 */
public final class RestartsBenchmark {
  public static void main(String[] argv) throws Exception {
    BenchArgs a = BenchArgs.parse(argv);
    SoakBenchmark.Settings s = SoakBenchmark.Settings.from(a);
    int phase = a.integer("phase-seconds", 30);
    String run = Long.toString(System.currentTimeMillis(), 36);
    Path work = AppProcesses.workDir(a, "restarts");
    SoakBenchmark.Topics topics = new SoakBenchmark.Topics("restarts." + run);
    ItemEmbeddings items = new SyntheticEmbeddings(32, 8, 0.5, 7).items("soak-v1", s.items());
    new ModelVersions(work.resolve("models")).publish(items);
    SoakBenchmark.createTopics(a.get("bootstrap"), topics);
    List<String> failed = new ArrayList<>();
    try (Stack stack = Stack.start(a, work, run, topics)) {
      SoakBenchmark.Load load =
          new SoakBenchmark.Load(HttpClient.newHttpClient(), stack.base(), items.ids(), s);
      load.start();
      Thread.sleep(s.warmupSeconds() * 1000L);
      load.takeMinute();
      report("baseline", phase, load, failed, true);

      stack.killServing();
      report("serving_down", phase, load, failed, true);
      stack.startServing();
      report("serving_back", phase, load, failed, true);

      if (a.has("broker-stop")) {
        shell(a.get("broker-stop"));
        report("broker_down", phase, load, failed, false);
        shell(a.get("broker-start"));
        report("broker_back", 2 * phase, load, failed, false);
      }
      load.stop();
      SoakBenchmark.Sampler sampler =
          new SoakBenchmark.Sampler(
              a.get("redis"),
              a.get("bootstrap"),
              topics.events(),
              stack.group(),
              java.util.Map.of());
      long drainedMs = sampler.awaitNoLag(Duration.ofMinutes(3));
      long counted = SoakBenchmark.countLikes(a.get("redis"), items.ids());
      long acked = load.likesAcknowledged.get();
      long sent = load.likesSent.get();
      if (counted < acked) {
        failed.add("lost: " + (acked - counted) + " acknowledged likes not counted");
      }
      if (counted > sent) {
        failed.add("counted twice: " + (counted - sent) + " likes more than sent");
      }
      if (drainedMs < 0) {
        failed.add("consumer lag not drained within 3 minutes");
      }
      StringBuilder reasons = new StringBuilder("[");
      for (String f : failed) {
        reasons.append(reasons.length() > 1 ? "," : "").append('"').append(f).append('"');
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"benchmark\":\"restarts\",\"verdict\":\"%s\",\"failed\":%s,%s,"
                  + "\"likes_sent\":%d,\"likes_acknowledged\":%d,\"likes_counted\":%d,"
                  + "\"lag_drained_ms\":%d,\"broker_restarted\":%b,\"load_average_1m\":%.1f}",
              failed.isEmpty() ? "pass" : "fail",
              reasons.append(']'),
              s.describe(),
              sent,
              acked,
              counted,
              drainedMs,
              a.has("broker-stop"),
              ProcessStats.loadAverage()));
    }
  }

  /**
   * Lets the load run for the phase, prints its line and notes what must not happen in it: a 5xx or
   * a failed call anywhere ({@code strict}), else a 5xx of For You (events and items may answer 503
   * while Kafka is away).
   */
  private static void report(
      String name, int seconds, SoakBenchmark.Load load, List<String> failed, boolean strict)
      throws InterruptedException {
    Thread.sleep(seconds * 1000L);
    SoakBenchmark.Window w = load.takeMinute();
    long bad =
        strict ? w.serverErrors() : w.serverErrors("rank") + w.serverErrors("rank_retrieval");
    if (bad > 0) {
      failed.add(name + ": " + bad + (strict ? " 5xx or failed calls" : " For You 5xx"));
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"restarts\",\"phase\":\"%s\",\"seconds\":%d,%s\"server_errors\":%d}",
            name,
            seconds,
            w.json(),
            w.serverErrors()));
    System.out.flush();
  }

  private static void shell(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("'" + command + "' exited with " + p.exitValue());
    }
  }
}
