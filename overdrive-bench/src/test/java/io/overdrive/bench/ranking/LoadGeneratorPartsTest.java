package io.overdrive.bench.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator's own parts: the socket caller reads whole answers (by length and chunked) on
 * one kept-alive connection and sends exactly the bodies it was given; the server-side percentiles
 * come from the ranking's 200 buckets of a Prometheus page, counted between two readings.
 */
class LoadGeneratorPartsTest {
  @Test
  void socketCallerSendsTheBodiesAndReadsLengthAndChunkedAnswersOnOneConnection() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> received = new ArrayList<>();
    List<Object> connections = new ArrayList<>();
    server.createContext(
        "/rank/for-you",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (received) {
            received.add(exchange.getRequestMethod() + " " + body);
            connections.add(exchange.getRemoteAddress().getPort());
          }
          byte[] answer =
              ("{\"seen\": \"" + body.length() + "\"}").getBytes(StandardCharsets.UTF_8);
          int status = body.contains("refuse") ? 400 : 200;
          // odd bodies answered chunked (length 0), even ones with a Content-Length
          exchange.sendResponseHeaders(status, body.length() % 2 == 1 ? 0 : answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    try (SocketHttpCaller caller =
        new SocketHttpCaller(
            "http://127.0.0.1:" + server.getAddress().getPort(),
            "/rank/for-you",
            List.of(
                "{\"a\": 1}".getBytes(StandardCharsets.UTF_8),
                "{\"bb\": 22}".getBytes(StandardCharsets.UTF_8),
                "{\"refuse\": 1}".getBytes(StandardCharsets.UTF_8)))) {
      assertThat(caller.test(0)).isTrue();
      assertThat(caller.test(1)).isTrue();
      assertThat(caller.test(0)).isTrue();
      assertThat(caller.test(2)).as("a 400 is not a success").isFalse();
      assertThat(caller.test(1)).isTrue();
    } finally {
      server.stop(0);
    }
    assertThat(received)
        .containsExactly(
            "POST {\"a\": 1}",
            "POST {\"bb\": 22}",
            "POST {\"a\": 1}",
            "POST {\"refuse\": 1}",
            "POST {\"bb\": 22}");
    assertThat(connections).as("one kept-alive connection").containsOnly(connections.get(0));
  }

  @Test
  void serverPercentilesAreTheRankingsSuccessfulBucketsBetweenTwoReadings() {
    String before =
        page(
            new double[] {0.001, 0.002, 0.003, 0.005},
            new long[] {10, 10, 10, 10},
            "/rank/for-you",
            "200");
    // 100 more rankings: 50 under 1 ms, 40 in (1, 2], 9 in (2, 3], 1 in (3, 5]; and other
    // requests (another uri, a 400) that must not count
    String after =
        page(
                new double[] {0.001, 0.002, 0.003, 0.005},
                new long[] {60, 100, 109, 110},
                "/rank/for-you",
                "200")
            + page(
                new double[] {0.001, 0.002, 0.003, 0.005},
                new long[] {500, 500, 500, 500},
                "/items",
                "200")
            + page(
                new double[] {0.001, 0.002, 0.003, 0.005},
                new long[] {0, 0, 0, 900},
                "/rank/for-you",
                "400");
    ServerTimings phase = ServerTimings.parse(after).since(ServerTimings.parse(before));
    assertThat(phase.count()).isEqualTo(100);
    assertThat(phase.percentileMillis(50)).isEqualTo(1.0);
    assertThat(phase.percentileMillis(90)).isEqualTo(2.0);
    assertThat(phase.percentileMillis(99)).isEqualTo(3.0);
    assertThat(phase.percentileMillis(100)).isEqualTo(5.0);
    assertThat(ServerTimings.UNKNOWN.percentileMillis(99)).isNaN();
  }

  @Test
  void theNodesPercentilesAreForYousOkBucketsBetweenTwoReadings() {
    double[] bounds = {0.001, 0.002, 0.003, 0.005};
    String before = nodePage(bounds, new long[] {0, 0, 0, 0}, "RankingService/ForYou", "OK");
    // 10 more ForYou calls: 5 under 1 ms, 4 in (2, 3], 1 in (3, 5]; and a Search and a refused
    // ForYou that must not count
    String after =
        nodePage(bounds, new long[] {5, 5, 9, 10}, "RankingService/ForYou", "OK")
            + nodePage(bounds, new long[] {70, 70, 70, 70}, "RetrievalService/Search", "OK")
            + nodePage(
                bounds, new long[] {0, 0, 0, 40}, "RankingService/ForYou", "INVALID_ARGUMENT")
            + page(bounds, new long[] {90, 90, 90, 90}, "/rank/for-you", "200");
    ServerTimings phase = ServerTimings.parseNode(after).since(ServerTimings.parseNode(before));
    assertThat(phase.count()).isEqualTo(10);
    assertThat(phase.percentileMillis(50)).isEqualTo(1.0);
    assertThat(phase.percentileMillis(90)).isEqualTo(3.0);
    assertThat(phase.percentileMillis(99)).isEqualTo(5.0);
    assertThat(ServerTimings.parse(after).count()).as("the API's page is read apart").isEqualTo(90);
  }

  /** Prometheus buckets of the serving node's call timer (cumulative counts), with +Inf. */
  private static String nodePage(double[] bounds, long[] cumulative, String method, String status) {
    return buckets(
        "overdrive_serving_call_seconds_bucket{application=\"overdrive-serving\",method=\"overdrive.v1."
            + method
            + "\",status=\""
            + status
            + "\",",
        bounds,
        cumulative);
  }

  /** Prometheus buckets of the request timer (cumulative counts), with a +Inf bucket. */
  private static String page(double[] bounds, long[] cumulative, String uri, String status) {
    return buckets(
        "http_server_requests_seconds_bucket{application=\"overdrive-api\",error=\"none\","
            + "exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\""
            + status
            + "\",uri=\""
            + uri
            + "\",",
        bounds,
        cumulative);
  }

  /** One line per bucket of a series whose labels start with {@code prefix}, then le and +Inf. */
  private static String buckets(String prefix, double[] bounds, long[] cumulative) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i <= bounds.length; i++) {
      s.append(prefix)
          .append("le=\"")
          .append(i < bounds.length ? Double.toString(bounds[i]) : "+Inf")
          .append("\"} ")
          .append(i < bounds.length ? cumulative[i] : cumulative[bounds.length - 1])
          .append('\n');
    }
    return s.toString();
  }

  @Test
  void aPhaseWithoutServerOrJvmFiguresPrintsAJsonLineWithNullsThatParses() {
    // a gRPC phase: no server-side percentiles; no JMX connection: no allocation or GC figures
    RankLatencyBenchmark.Phase phase =
        RankLatencyBenchmark.Phase.of(new long[] {2_000_000, 3_000_000}, 2, 0, 1.0);
    String result =
        phase.json(
            "grpc-ids",
            "grpc",
            1,
            3.2,
            new long[0],
            new String[0],
            new double[0],
            new double[0],
            RankLatencyBenchmark.JvmMeters.UNKNOWN,
            RankLatencyBenchmark.JvmMeters.UNKNOWN,
            ServerTimings.UNKNOWN,
            Double.NaN);
    String line =
        RankLatencyBenchmark.jsonNumbers(
            "{\"benchmark\": \"rank-latency\", \"label\": \"NaN, Infinity\", \"results\": ["
                + result
                + "], \"loadavg_1m\": [NaN, -Infinity]}");

    JsonNode parsed = JsonMapper.builder().build().readTree(line);
    JsonNode row = parsed.get("results").get(0);
    assertThat(row.get("p99_ms").asDouble()).isEqualTo(3.0);
    assertThat(row.get("requests").asInt()).isEqualTo(2);
    assertThat(row.get("server_p99_ms").isNull()).isTrue();
    assertThat(row.get("alloc_kb_per_request").isNull()).isTrue();
    assertThat(row.get("loadavg_1m").isNull()).isTrue();
    assertThat(parsed.get("loadavg_1m").get(1).isNull()).isTrue();
    // text that merely spells NaN is left as it is
    assertThat(parsed.get("label").asString()).isEqualTo("NaN, Infinity");
  }
}
