package io.overdrive.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) in a JVM of its
 * own, run from Kafka's own classes on the test class path ({@code kafka.Kafka}), so a test can
 * kill it with SIGKILL and start it again on the same log directory and ports, as a crashed and
 * restarted broker pod would be. spring-kafka-test's embedded broker cannot: it lives in the test's
 * JVM and formats new storage on every start. The log directory is formatted once, with Kafka's
 * storage tool ({@code kafka.tools.StorageTool format}), in a JVM of its own too.
 */
final class KafkaBrokerProcess implements AutoCloseable {
  private static final Duration START_WITHIN = Duration.ofMinutes(3);

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;
  private int starts;

  private KafkaBrokerProcess(Path dir, Path config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /** Writes the configuration on two free loopback ports and formats the log directory. */
  static KafkaBrokerProcess format(Path dir) throws Exception {
    Files.createDirectories(dir);
    int port = freePort();
    int controller = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + dir.resolve("logs"),
            "num.partitions=3",
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=3",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    Process format =
        java(
                List.of(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config.toString()),
                dir.resolve("format.log"))
            .start();
    if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "formatting the broker's storage failed:\n"
              + Files.readString(dir.resolve("format.log")));
    }
    return new KafkaBrokerProcess(dir, config, port);
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker on its log directory and waits until it answers an admin client. */
  void start() throws Exception {
    Path log = dir.resolve("broker-" + starts++ + ".log");
    process = java(List.of("kafka.Kafka", config.toString()), log).start();
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the broker exited:\n" + Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the broker did not answer within " + START_WITHIN);
      }
      Thread.sleep(250);
    }
  }

  /** SIGKILL: no controlled shutdown, no flush; what the OS has of the log stays. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private boolean answers() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000"))) {
      return admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).size() == 1;
    } catch (Exception notYet) {
      return false;
    }
  }

  private static ProcessBuilder java(List<String> mainAndArgs, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.addAll(mainAndArgs);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    ServiceProcess.stop(process);
  }
}
