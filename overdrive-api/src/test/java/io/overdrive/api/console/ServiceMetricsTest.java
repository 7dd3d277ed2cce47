package io.overdrive.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.web.server.ResponseStatusException;

/** Relaying another service's metrics: over real HTTP, and what the console is told when not. */
class ServiceMetricsTest {
  static final String TEXT =
      "# TYPE overdrive_consumer_lag_records gauge\noverdrive_consumer_lag_records 42.0\n";

  static ServiceMetrics metrics(URI consumer, URI serving) {
    return new ServiceMetrics(
        new StaticListableBeanFactory().getBeanProvider(PrometheusMeterRegistry.class),
        new ConsoleProperties(consumer, serving, Duration.ofSeconds(2)));
  }

  @Test
  void relaysTheConsumersMetricsTextAsItIs() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        x -> {
          byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
      ServiceMetrics m = metrics(url, null);
      assertThat(m.scrape("consumer")).isEqualTo(TEXT);
      assertThat(m.sources())
          .containsEntry("consumer", url.toString())
          .containsEntry("serving", "");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anUnsetUnreachableOrUnknownServiceIsAClearError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    ServiceMetrics m = metrics(URI.create("http://127.0.0.1:" + closed + "/metrics"), null);
    assertThatThrownBy(() -> m.scrape("consumer"))
        .isInstanceOf(ResponseStatusException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("cannot read consumer metrics at http://127.0.0.1:" + closed);
    assertThatThrownBy(() -> m.scrape("serving"))
        .hasMessageContaining("OVERDRIVE_CONSOLE_SERVING_METRICS_URL");
    assertThatThrownBy(() -> m.scrape("redis"))
        .hasMessageContaining("404")
        .hasMessageContaining("one of api, consumer, serving");
  }

  @Test
  void aMetricsUrlThatIsNotHttpStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> metrics(URI.create("consumer:8089"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OVERDRIVE_CONSOLE_CONSUMER_METRICS_URL")
        .hasMessageContaining("http(s) URL");
  }
}
