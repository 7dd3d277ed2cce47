package io.overdrive.bench.ranking;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's own time for a ranking, beside the load generator's. For the API's {@code POST
 * /rank/for-you}: the cumulative buckets of its {@code http.server.requests} timer (uri {@code
 * /rank/for-you}, status 200), read from its Prometheus page before and after a phase. The timer
 * runs from the request metric's filter (after Tomcat read the request line and headers and handed
 * the request to a worker thread) until the filter chain returns (the answer written to Tomcat's
 * buffer): what the load generator measures besides it is the network, Tomcat's reading and
 * hand-off, the last flush, and the generator itself. For the serving node's {@code
 * RankingService/ForYou} ({@link #parseNode}): its {@code overdrive.serving.call} timer (status
 * OK), from the I/O thread's reading the call's headers (so the rest of the request's arrival and
 * the wait for a call thread are in it) until the answer is handed to gRPC to write: what the load
 * generator measures besides it is the client's channel and the network, the node's reading of the
 * headers, and its writing of the answer.
 *
 * <p>A percentile is the upper bound of the bucket it falls in: {@code bench/rank-latency.sh} adds
 * 0.25 ms buckets up to 12 ms (a service-level-objective list) to both timers' default ones, so the
 * figure is at most 0.25 ms above the true one there.
 */
record ServerTimings(TreeMap<Double, Double> cumulative) {
  static final ServerTimings UNKNOWN = new ServerTimings(new TreeMap<>());

  /** The API's histogram at this moment, or {@link #UNKNOWN} when the page cannot be read. */
  static ServerTimings read(HttpClient http, String metricsUrl) {
    return read(http, metricsUrl, false);
  }

  /** The serving node's ForYou histogram at this moment, or {@link #UNKNOWN}. */
  static ServerTimings readNode(HttpClient http, String metricsUrl) {
    return read(http, metricsUrl, true);
  }

  private static ServerTimings read(HttpClient http, String metricsUrl, boolean node) {
    if (metricsUrl == null) {
      return UNKNOWN;
    }
    try {
      String page =
          http.send(
                  HttpRequest.newBuilder(URI.create(metricsUrl))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return node ? parseNode(page) : parse(page);
    } catch (IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNKNOWN;
    }
  }

  /** The ranking's 200 buckets of the API's Prometheus page, summed over the other tags. */
  static ServerTimings parse(String page) {
    return parse(
        page, "http_server_requests_seconds_bucket{", "uri=\"/rank/for-you\"", "status=\"200\"");
  }

  /** ForYou's OK buckets of the serving node's Prometheus page. */
  static ServerTimings parseNode(String page) {
    return parse(
        page,
        "overdrive_serving_call_seconds_bucket{",
        "method=\"overdrive.v1.RankingService/ForYou\"",
        "status=\"OK\"");
  }

  private static ServerTimings parse(String page, String bucket, String... tags) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    lines:
    for (String line : page.split("\n")) {
      if (!line.startsWith(bucket)) {
        continue;
      }
      for (String tag : tags) {
        if (!line.contains(tag)) {
          continue lines;
        }
      }
      int le = line.indexOf("le=\"");
      int close = line.lastIndexOf('}');
      if (le < 0 || close < 0) {
        continue;
      }
      String bound = line.substring(le + 4, line.indexOf('"', le + 4));
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      double count = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
      buckets.merge(upper, count, Double::sum);
    }
    return new ServerTimings(buckets);
  }

  /** The requests counted between {@code before} and this reading, by bucket (not cumulative). */
  ServerTimings since(ServerTimings before) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      delta.put(e.getKey(), e.getValue() - before.cumulative.getOrDefault(e.getKey(), 0.0));
    }
    return new ServerTimings(delta);
  }

  double count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }

  /** The upper bound (ms) of the bucket holding percentile {@code p}; NaN without requests. */
  double percentileMillis(double p) {
    double n = count();
    if (n <= 0) {
      return Double.NaN;
    }
    double rank = Math.ceil(p / 100.0 * n);
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        return e.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
