package io.overdrive.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a random free loopback port, for integration tests (mocks
 * of Redis don't count). Persistence is off and the data directory is a temporary one. {@link
 * #shared()} gives one server per test JVM (stopped by a shutdown hook), which Spring test contexts
 * can share; {@link #start()} a private one the caller stops.
 */
public final class RedisServer implements AutoCloseable {
  private static RedisServer shared;

  private final Process process;
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;

  private RedisServer(Process process, int port, Path dir, List<String> extraArgs) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
  }

  /** Starts a standalone server. */
  public static RedisServer start() {
    return start(List.of());
  }

  /**
   * Starts a server with extra {@code redis-server} arguments (e.g. {@code --cluster-enabled yes});
   * retries on another port if the chosen one was taken in the meantime.
   */
  public static RedisServer start(List<String> extraArgs) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return startOn(freePort(), extraArgs);
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts a server on the given port, e.g. again on the port of one a test stopped, to bring
   * "Redis" back for the clients that were connected to it.
   */
  public static RedisServer startOn(int port, List<String> extraArgs) {
    try {
      return startIn(Files.createTempDirectory("redis-" + port + "-"), port, extraArgs);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a directory for redis-server", e);
    }
  }

  /**
   * Kills the server with SIGKILL (no shutdown, no final save: what a crash or the OOM killer does)
   * and starts it again on the same port and directory with the same arguments, so with {@code
   * --appendonly yes} it replays its AOF. The returned server owns the directory.
   */
  public RedisServer crashAndRestart(Duration down) {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
      Thread.sleep(down.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return startIn(dir, port, extraArgs);
  }

  private static RedisServer startIn(Path dir, int port, List<String> extraArgs) {
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(executable());
      cmd.addAll(
          List.of(
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              dir.toString(),
              "--protected-mode",
              "no",
              "--loglevel",
              "warning"));
      cmd.addAll(extraArgs);
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
      RedisServer server = new RedisServer(p, port, dir, List.copyOf(extraArgs));
      if (server.awaitPing(Duration.ofSeconds(10))) {
        return server;
      }
      String log = server.log();
      server.close();
      throw new IllegalStateException("redis-server did not answer on port " + port + ": " + log);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server (install it: apt-get install redis-server)", e);
    }
  }

  /** One server for the whole test JVM, started on first use. */
  public static synchronized RedisServer shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start();
      RedisServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }
    return shared;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** {@code redis://127.0.0.1:<port>}, what {@code OVERDRIVE_REDIS_URL} takes. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Sends one command over RESP and returns the reply decoded as text (arrays joined by '\n'). */
  public String command(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return command(bytes);
  }

  /** {@link #command(String...)} with arguments as bytes (binary values such as packed data). */
  public String command(byte[]... args) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host(), port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(encode(args));
      out.flush();
      return readReply(new BufferedInputStream(s.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis command " + new String(args[0], StandardCharsets.UTF_8) + " on port " + port, e);
    }
  }

  /** Deletes every key (between tests that share a server). */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Stops the server and removes its directory (its log and any dump). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temp directory is harmless
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private boolean awaitPing(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if ("PONG".equals(command("PING"))) {
          return true;
        }
      } catch (UncheckedIOException | IllegalStateException notYet) {
        // not listening yet, or still loading its AOF (-LOADING)
      }
      sleep(20);
    }
    return false;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String executable() {
    String env = System.getenv("REDIS_SERVER");
    return env != null && !env.isBlank() ? env : "redis-server";
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(byte[]... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] b : args) {
      out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(b);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private static String readReply(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new IllegalStateException("redis error: " + line);
      case '$' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        byte[] b = in.readNBytes(n + 2);
        return new String(b, 0, n, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          parts.add(readReply(in));
        }
        return String.join("\n", parts);
      }
      default -> throw new IOException("unexpected RESP type " + (char) type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }
}
