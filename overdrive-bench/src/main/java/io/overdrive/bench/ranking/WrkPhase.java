package io.overdrive.bench.ranking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phase driven by <a href="https://github.com/wg/wrk">wrk</a> (an event-loop load generator in C,
 * optional: {@code apt-get install wrk}) instead of the benchmark's own callers, posting the same
 * bodies through {@code bench/rank-latency.lua}: a second, independent yardstick for the client's
 * share of the tail. One wrk thread, one connection per caller, closed loop like the Java callers.
 */
final class WrkPhase {
  private static final Pattern FIGURE = Pattern.compile("\"(\\w+)\": (\\d+)");

  private WrkPhase() {}

  /** Writes the bodies where the script reads them ({@code 0.json}, {@code 1.json}, ...). */
  static Path writeBodies(List<byte[]> bodies) throws IOException {
    Path dir = Files.createTempDirectory("rank-latency-wrk");
    dir.toFile().deleteOnExit();
    for (int i = 0; i < bodies.size(); i++) {
      Path file = dir.resolve(i + ".json");
      Files.write(file, bodies.get(i));
      file.toFile().deleteOnExit();
    }
    return dir;
  }

  /** Runs wrk for {@code seconds} with {@code callers} connections against {@code url}. */
  static RankLatencyBenchmark.Phase run(
      String script, Path bodies, String url, int callers, double seconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "wrk",
            "-t1",
            "-c" + callers,
            "-d" + Math.max(1, Math.round(seconds)) + "s",
            "--timeout",
            "10s",
            "-s",
            script,
            url);
    pb.environment().put("RANK_LATENCY_BODIES", bodies.toString());
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("--clients wrk needs wrk on the PATH (apt-get install wrk)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    String line =
        out.lines()
            .filter(l -> l.startsWith("{\"requests\""))
            .findFirst()
            .orElseThrow(() -> new IOException("no figures from wrk: " + out));
    Matcher m = FIGURE.matcher(line);
    java.util.Map<String, Long> f = new java.util.HashMap<>();
    while (m.find()) {
      f.put(m.group(1), Long.parseLong(m.group(2)));
    }
    long errors = f.get("errors");
    return new RankLatencyBenchmark.Phase(
        (int) (f.get("requests") - errors),
        errors,
        f.get("duration_us") / 1e6,
        f.get("p50_us") / 1e3,
        f.get("p90_us") / 1e3,
        f.get("p99_us") / 1e3,
        f.get("max_us") / 1e3);
  }
}
