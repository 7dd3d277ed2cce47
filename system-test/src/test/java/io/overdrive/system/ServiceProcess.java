package io.overdrive.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service jar (built before this module: {@code <module>/target/<module>.jar}) run as a process
 * of its own with the environment given, healthy once {@code health} answers 200; it can be killed
 * (SIGKILL) and started again with the same environment, ports included.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(4);

  private final String module;
  private final Map<String, String> env;
  private final URI health;
  private final Path logs;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int starts;

  ServiceProcess(String module, Map<String, String> env, URI health, Path logs) {
    this.module = module;
    this.env = Map.copyOf(env);
    this.health = health;
    this.logs = logs;
  }

  void start() throws Exception {
    Path jar = Repository.root().resolve(module).resolve("target").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is not built (the reactor builds it first)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // small heaps, one GC thread and C1 only: four JVMs start together on two cores
    cmd.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of("-jar", jar.toString()));
    Path log = logs.resolve(module + "-" + starts++ + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile()).environment().putAll(env);
    process = pb.start();
    long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(module + " exited:\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(module + " not healthy in " + HEALTHY_WITHIN + tail(log));
      }
      Thread.sleep(250);
    }
  }

  /** SIGKILL: no graceful shutdown, calls in flight cut. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private boolean healthy() {
    try {
      return http.send(
                  HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    stop(process);
  }

  /** SIGTERM, then SIGKILL if it has not exited within 30 seconds; null or exited: nothing. */
  static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
