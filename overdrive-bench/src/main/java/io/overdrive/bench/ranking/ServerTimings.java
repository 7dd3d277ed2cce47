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
 * The API's own time for {@code POST /rank/for-you}, beside the load generator's: the cumulative
 * buckets of its {@code http.server.requests} timer (uri {@code /rank/for-you}, status 200), read
 * from its Prometheus page before and after a phase. The timer runs from the request metric's
 * filter (after Tomcat read the request line and headers and handed the request to a worker thread)
 * until the filter chain returns (the answer written to Tomcat's buffer): what the load generator
 * measures besides it is the network, Tomcat's reading and hand-off, the last flush, and the
 * generator itself.
 *
 * <p>A percentile is the upper bound of the bucket it falls in: {@code bench/rank-latency.sh} adds
 * 0.25 ms buckets up to 12 ms (a service-level-objective list) to the API's default ones, so the
 * figure is at most 0.25 ms above the true one there.
 */
record ServerTimings(TreeMap<Double, Double> cumulative) {
  static final ServerTimings UNKNOWN = new ServerTimings(new TreeMap<>());

  /** The histogram at this moment, or {@link #UNKNOWN} when the page cannot be read. */
  static ServerTimings read(HttpClient http, String metricsUrl) {
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
      return parse(page);
    } catch (IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNKNOWN;
    }
  }

  /** The ranking's 200 buckets of a Prometheus page, summed over the other tags. */
  static ServerTimings parse(String page) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (String line : page.split("\n")) {
      if (!line.startsWith("http_server_requests_seconds_bucket{")
          || !line.contains("uri=\"/rank/for-you\"")
          || !line.contains("status=\"200\"")) {
        continue;
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
