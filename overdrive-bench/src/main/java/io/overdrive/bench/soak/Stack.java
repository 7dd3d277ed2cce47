package io.overdrive.bench.soak;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The distributed stack as real processes, wired as docker-compose wires it: the serving node
 * (gRPC, the model version under {@code <work>/models}), the consumer (archive under {@code
 * <work>/archive}) and the API (Kafka, Redis, the serving node), each a JVM of its own on free
 * ports, started one at a time (three at once on a loaded 2-core machine take minutes). The serving
 * node can be killed and started again ({@link #killServing}, {@link #startServing}).
 */
final class Stack implements AutoCloseable {
  static final int DEDUP_WINDOW_SECONDS = 120;
  static final int FEATURE_TTL_SECONDS = 300;

  private final BenchArgs a;
  private final Path work;
  private final Map<String, String> servingEnv;
  private final int servingHttp;
  private final String group;
  private final String base;
  private Process serving;
  private Process consumer;
  private Process api;
  private int servingStarts;

  private Stack(BenchArgs a, Path work, String run, SoakBenchmark.Topics topics) throws Exception {
    this.a = a;
    this.work = work;
    this.group = "soak-" + run;
    Map<String, String> env = new HashMap<>();
    env.put("OVERDRIVE_REDIS_URL", a.get("redis"));
    env.put("OVERDRIVE_KAFKA_BROKERS", a.get("bootstrap"));
    env.put("OVERDRIVE_EVENTS_TOPIC", topics.events());
    env.put("OVERDRIVE_DEAD_LETTER_TOPIC", topics.events() + ".dlt");
    env.put("OVERDRIVE_ITEMS_TOPIC", topics.items());
    env.put("OVERDRIVE_USERS_TOPIC", topics.users());
    env.put("OVERDRIVE_RANKINGS_TOPIC", topics.rankings());
    env.put("OVERDRIVE_CONSUMER_GROUP", group);
    env.put("OVERDRIVE_RATE_LIMIT_ENABLED", "false");
    // event ids are remembered for two minutes and keys nobody writes live five, so Redis reaches
    // its steady size within the run (docs/streaming.md, "Redis memory")
    env.put(
        "OVERDRIVE_DEDUP_WINDOW_SECONDS",
        Integer.toString(a.integer("dedup-window-seconds", DEDUP_WINDOW_SECONDS)));
    env.put(
        "OVERDRIVE_FEATURE_TTL_SECONDS",
        Integer.toString(a.integer("feature-ttl-seconds", FEATURE_TTL_SECONDS)));
    servingEnv = new HashMap<>(env);
    int grpcPort = AppProcesses.freePort();
    servingHttp = AppProcesses.freePort();
    servingEnv.put("OVERDRIVE_MODEL_DIR", work.resolve("models").toString());
    servingEnv.put("OVERDRIVE_GRPC_PORT", Integer.toString(grpcPort));
    servingEnv.put("OVERDRIVE_HTTP_PORT", Integer.toString(servingHttp));
    servingEnv.put("OVERDRIVE_INDEX_BACKEND", "exact");
    Map<String, String> consumerEnv = new HashMap<>(env);
    int consumerPort = AppProcesses.freePort();
    consumerEnv.put("OVERDRIVE_CONSUMER_PORT", Integer.toString(consumerPort));
    consumerEnv.put("OVERDRIVE_ARCHIVE_DIR", work.resolve("archive").toString());
    consumerEnv.put("OVERDRIVE_ARCHIVE_ROLL_SECONDS", "60");
    Map<String, String> apiEnv = new HashMap<>(env);
    int apiPort = AppProcesses.freePort();
    apiEnv.put("OVERDRIVE_SERVICE_PORT", Integer.toString(apiPort));
    apiEnv.put("OVERDRIVE_SERVING_ADDR", "127.0.0.1:" + grpcPort);
    base = "http://127.0.0.1:" + apiPort;
    try {
      startServing();
      consumer =
          AppProcesses.startJar(
              Path.of(a.get("consumer-jar")),
              consumerEnv,
              work.resolve("consumer.log"),
              "-Xmx512m");
      AppProcesses.awaitHttp(
          "http://127.0.0.1:" + consumerPort + "/actuator/health/readiness",
          consumer,
          Duration.ofMinutes(8));
      api =
          AppProcesses.startJar(
              Path.of(a.get("api-jar")), apiEnv, work.resolve("api.log"), "-Xmx512m");
      AppProcesses.awaitHttp(base + "/health", api, Duration.ofMinutes(8));
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  static Stack start(BenchArgs a, Path work, String run, SoakBenchmark.Topics topics)
      throws Exception {
    return new Stack(a, work, run, topics);
  }

  /** Starts the serving node and waits until its HTTP side answers (the index loads after). */
  void startServing() throws Exception {
    serving =
        AppProcesses.startJar(
            Path.of(a.get("serving-jar")),
            servingEnv,
            work.resolve("serving-" + servingStarts++ + ".log"),
            "-Xmx512m");
    AppProcesses.awaitHttp(
        "http://127.0.0.1:" + servingHttp + "/actuator/health", serving, Duration.ofMinutes(8));
  }

  /** SIGKILL: no graceful shutdown, calls in flight cut. */
  void killServing() throws InterruptedException {
    serving.destroyForcibly().waitFor();
  }

  String base() {
    return base;
  }

  String group() {
    return group;
  }

  Process api() {
    return api;
  }

  Process consumer() {
    return consumer;
  }

  Process serving() {
    return serving;
  }

  @Override
  public void close() throws InterruptedException {
    AppProcesses.stop(api);
    AppProcesses.stop(consumer);
    AppProcesses.stop(serving);
  }
}
