package io.overdrive.system;

import io.overdrive.system.ComposeFile.Mount;
import io.overdrive.system.ComposeFile.Service;
import io.overdrive.system.Dockerfile.Stage;
import io.overdrive.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * docker-compose.yml brought up without Docker: each service built from the Dockerfile runs as a
 * process with exactly the environment its container would get (the image's ENV from the
 * Dockerfile, then the service's {@code environment}) and its image's entrypoint, started in {@code
 * depends_on} order once its dependencies are healthy by their own health checks. The compose
 * network is mapped onto loopback: every {@code service:port} a value names and every port a
 * service listens on (published, health-checked, scraped or called by another service) gets a free
 * local port, and each named volume a temporary directory. A real redis-server stands in for the
 * Valkey image and a real Kafka broker (KRaft, in this JVM) for the Kafka image; the topics job's
 * {@code kafka-topics.sh --create} calls are made with an admin client.
 *
 * <p>Two things differ from a container, on purpose: {@code HOME} (the image's /home/overdrive) is
 * a temporary directory, and {@code -XX:MaxRAM=1536m} stands in for a container's memory limit so
 * the image's heap percentages do not size four JVMs after the whole machine.
 */
final class ComposeStack implements AutoCloseable {
  static final Duration HEALTHY_WITHIN = Duration.ofMinutes(5);
  private static final Pattern SERVICE_PORT = Pattern.compile("\\b([a-z][a-z0-9-]*):(\\d{2,5})\\b");

  private final Path root;
  private final ComposeFile compose;
  private final Dockerfile dockerfile;
  private final Path work;
  private final Map<String, Map<Integer, Integer>> listening = new HashMap<>();
  private final Map<String, Path> volumes = new HashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Set<String> healthy = new HashSet<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private RedisServer redis;
  private EmbeddedKafkaKraftBroker kafka;

  ComposeStack(Path root, ComposeFile compose, Dockerfile dockerfile, Path work) {
    this.root = root;
    this.compose = compose;
    this.dockerfile = dockerfile;
    this.work = work;
    planPorts();
  }

  /** Every port a service listens on inside the compose network, each given a free local port. */
  private void planPorts() {
    for (Service s : compose.services().values()) {
      s.ports().forEach(p -> listen(s.name(), p.containerPort()));
      s.healthcheckUrl().ifPresent(u -> listen(s.name(), u.getPort()));
      for (String value : s.environment().values()) {
        Matcher m = SERVICE_PORT.matcher(value);
        while (m.find()) {
          if (compose.services().containsKey(m.group(1))) {
            listen(m.group(1), Integer.parseInt(m.group(2)));
          }
        }
      }
    }
  }

  /** Also map a port another file names (Prometheus' scrape targets). */
  void listen(String service, int containerPort) {
    listening
        .computeIfAbsent(service, k -> new TreeMap<>())
        .computeIfAbsent(containerPort, p -> freePort());
  }

  int hostPort(String service, int containerPort) {
    Integer p = listening.getOrDefault(service, Map.of()).get(containerPort);
    if (p == null) {
      throw new IllegalArgumentException(service + " does not listen on " + containerPort);
    }
    return p;
  }

  Path volume(String name) {
    return volumes.computeIfAbsent(
        name,
        n -> {
          try {
            return Files.createDirectories(work.resolve("volumes").resolve(n));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Starts every service outside a profile, in dependency order, each healthy before dependants.
   */
  void up() throws Exception {
    List<Service> pending = new ArrayList<>();
    for (Service s : compose.services().values()) {
      if (s.profiles().isEmpty()) {
        pending.add(s);
      }
    }
    while (!pending.isEmpty()) {
      List<Service> ready = pending.stream().filter(this::dependenciesMet).toList();
      if (ready.isEmpty()) {
        throw new IllegalStateException("depends_on cannot be satisfied: " + pending);
      }
      for (Service s : ready) {
        start(s);
      }
      for (Service s : ready) {
        awaitHealthy(s);
        pending.remove(s);
      }
    }
  }

  private boolean dependenciesMet(Service s) {
    for (Map.Entry<String, String> d : s.dependsOn().entrySet()) {
      if (!healthy.contains(d.getKey())) {
        return false;
      }
    }
    return true;
  }

  private void start(Service s) throws Exception {
    String image = s.image().orElse("");
    if (s.buildTarget().isEmpty() && image.startsWith("valkey/")) {
      redis = RedisServer.start();
      return;
    }
    if (s.buildTarget().isEmpty() && image.startsWith("apache/kafka")) {
      if (s.environment().containsKey("KAFKA_PROCESS_ROLES")) {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
        kafka.afterPropertiesSet();
      } else {
        createTopics(String.join(" ", s.command()));
      }
      return;
    }
    if (s.buildTarget().isEmpty()) {
      throw new IllegalStateException("no stand-in for service " + s.name() + " (" + image + ")");
    }
    processes.put(s.name(), launch(s, List.of(), work.resolve(s.name() + ".log")));
  }

  /**
   * The topics job: each `kafka-topics.sh --create --topic T --partitions N --replication-factor R
   * [--config K=V]` as an admin call.
   */
  private void createTopics(String script) throws Exception {
    Matcher m =
        Pattern.compile(
                "--topic\\s+(\\S+)\\s+--partitions\\s+(\\d+)\\s+--replication-factor\\s+\\d+"
                    + "(?:\\s+--config\\s+([^=\\s]+)=(\\S+))?")
            .matcher(script);
    List<NewTopic> topics = new ArrayList<>();
    while (m.find()) {
      NewTopic t = new NewTopic(m.group(1), Integer.parseInt(m.group(2)), (short) 1);
      topics.add(m.group(3) == null ? t : t.configs(Map.of(m.group(3), m.group(4))));
    }
    if (topics.isEmpty()) {
      throw new IllegalStateException("the topics job creates no topic: " + script);
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
      admin.createTopics(topics).all().get();
    }
  }

  /** Starts a service's process as its container would start: entrypoint, command, environment. */
  Process launch(Service s, List<String> extraArgs, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(commandLine(s, extraArgs));
    pb.environment().clear();
    pb.environment().putAll(environment(s));
    pb.directory(work.toFile());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /**
   * The image's ENTRYPOINT (paths mapped to what the Dockerfile copied there), then the command.
   */
  List<String> commandLine(Service s, List<String> extraArgs) {
    Stage stage = stage(s);
    List<String> cmd = new ArrayList<>(List.of("sh"));
    for (String part : stage.entrypoint()) {
      cmd.add(
          dockerfile
              .copyTo(stage, part)
              .map(c -> source(c).toString())
              .orElseThrow(
                  () -> new IllegalStateException(part + " is not copied into " + stage.name())));
    }
    for (String arg : s.command()) {
      cmd.add(rewrite(s, arg));
    }
    cmd.addAll(extraArgs);
    return cmd;
  }

  private Path source(Dockerfile.Copy copy) {
    String src = copy.sources().get(0);
    if ("build".equals(copy.fromStage())) {
      String workdir = dockerfile.stage("build").orElseThrow().workdir();
      return root.resolve(src.substring(workdir.length() + 1));
    }
    return root.resolve(src);
  }

  /** The container's environment: the image's ENV, then the service's, with the network mapped. */
  Map<String, String> environment(Service s) {
    Map<String, String> env = new TreeMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("LANG", "C.UTF-8");
    stage(s).env().forEach(env::put);
    s.environment().forEach((k, v) -> env.put(k, rewrite(s, v)));
    for (Map.Entry<String, String> e : env.entrySet()) {
      Integer own = ownPort(s, e.getValue());
      if (own != null) {
        e.setValue(String.valueOf(own));
      }
    }
    env.put("HOME", work.resolve("home-" + s.name()).toString());
    env.put("JAVA_OPTS", (env.getOrDefault("JAVA_OPTS", "") + " -XX:MaxRAM=1536m").strip());
    return env;
  }

  /** A value that is one of the service's own listening ports (e.g. OVERDRIVE_GRPC_PORT=9090). */
  private Integer ownPort(Service s, String value) {
    if (!value.matches("\\d{2,5}")) {
      return null;
    }
    return listening.getOrDefault(s.name(), Map.of()).get(Integer.parseInt(value));
  }

  /** Maps `service:port` to loopback and volume paths to their directories. */
  String rewrite(Service s, String value) {
    Matcher m = SERVICE_PORT.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      int port = Integer.parseInt(m.group(2));
      String replacement = m.group();
      if (compose.services().containsKey(name)) {
        replacement = address(name, port);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    String v = out.toString();
    List<Mount> mounts = new ArrayList<>(s.volumes());
    mounts.sort(Comparator.comparingInt((Mount x) -> x.containerPath().length()).reversed());
    for (Mount mount : mounts) {
      if (v.equals(mount.containerPath()) || v.startsWith(mount.containerPath() + "/")) {
        Path dir =
            mount.volume().startsWith(".") ? root.resolve(mount.volume()) : volume(mount.volume());
        v = dir + v.substring(mount.containerPath().length());
      }
    }
    return v;
  }

  private String address(String service, int port) {
    Service target = compose.service(service);
    String image = target.image().orElse("");
    if (target.buildTarget().isEmpty() && image.startsWith("valkey/")) {
      return "127.0.0.1:" + redis.port();
    }
    if (target.buildTarget().isEmpty() && image.startsWith("apache/kafka")) {
      return kafka.getBrokersAsString();
    }
    return "127.0.0.1:" + hostPort(service, port);
  }

  private Stage stage(Service s) {
    String target = s.buildTarget().orElseThrow();
    return dockerfile
        .stage(target)
        .orElseThrow(() -> new IllegalStateException("no Dockerfile stage " + target));
  }

  private void awaitHealthy(Service s) throws Exception {
    Process p = processes.get(s.name());
    if (p != null && s.healthcheckUrl().isPresent()) {
      URI u = s.healthcheckUrl().get();
      URI local =
          URI.create("http://127.0.0.1:" + hostPort(s.name(), u.getPort()) + u.getRawPath());
      long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
      while (!healthy(local)) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              s.name() + " exited with " + p.exitValue() + ":\n" + tail(s.name()));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              s.name()
                  + " not healthy at "
                  + u
                  + " within "
                  + HEALTHY_WITHIN
                  + ":\n"
                  + tail(s.name()));
        }
        Thread.sleep(500);
      }
    } else if (p != null) {
      throw new IllegalStateException(s.name() + " has no health check in docker-compose.yml");
    }
    healthy.add(s.name());
  }

  private boolean healthy(URI uri) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines a service logged. */
  String tail(String service) {
    try {
      List<String> lines = Files.readAllLines(work.resolve(service + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  String get(String service, int containerPort, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hostPort(service, containerPort) + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + service + path + ": " + r.statusCode());
    }
    return r.body();
  }

  Map<String, Process> processes() {
    return processes;
  }

  @Override
  public void close() {
    for (Process p : processes.values()) {
      p.destroy();
    }
    for (Process p : processes.values()) {
      try {
        if (!p.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (kafka != null) {
      kafka.destroy();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
