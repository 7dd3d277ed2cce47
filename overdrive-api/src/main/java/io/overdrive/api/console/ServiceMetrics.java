package io.overdrive.api.console;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the Prometheus text of each service the console shows: the API's own registry, and the
 * consumer's and serving node's {@code /metrics} when their URLs are set. The console parses the
 * text in the browser; the API only relays it, so the figures are exactly what Prometheus scrapes.
 */
@Component
public class ServiceMetrics {
  public static final String API = "api";
  public static final String CONSUMER = "consumer";
  public static final String SERVING = "serving";

  private final ObjectProvider<PrometheusMeterRegistry> own;
  private final ConsoleProperties props;
  private final HttpClient http;

  public ServiceMetrics(ObjectProvider<PrometheusMeterRegistry> own, ConsoleProperties props) {
    this.own = own;
    this.props = props;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(props.scrapeTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Each service the console knows and where its metrics come from ("" when not configured). */
  public Map<String, String> sources() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(API, "this process");
    out.put(
        CONSUMER, Optional.ofNullable(props.consumerMetricsUrl()).map(URI::toString).orElse(""));
    out.put(SERVING, Optional.ofNullable(props.servingMetricsUrl()).map(URI::toString).orElse(""));
    return out;
  }

  /**
   * The service's metrics in Prometheus text format.
   *
   * @throws ResponseStatusException 404 for an unknown service name, 503 when the service's URL is
   *     not set or it cannot be read (with the reason)
   */
  public String scrape(String service) {
    return switch (service) {
      case API -> {
        PrometheusMeterRegistry registry = own.getIfAvailable();
        if (registry == null) {
          throw unavailable("the API has no Prometheus registry");
        }
        yield registry.scrape();
      }
      case CONSUMER ->
          remote(service, props.consumerMetricsUrl(), "OVERDRIVE_CONSOLE_CONSUMER_METRICS_URL");
      case SERVING ->
          remote(service, props.servingMetricsUrl(), "OVERDRIVE_CONSOLE_SERVING_METRICS_URL");
      default ->
          throw new ResponseStatusException(
              HttpStatus.NOT_FOUND,
              "unknown service '" + service + "'; one of " + String.join(", ", sources().keySet()));
    };
  }

  private String remote(String service, URI url, String setting) {
    if (url == null) {
      throw unavailable("the " + service + "'s metrics URL is not set (" + setting + ")");
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(props.scrapeTimeout())
            .header("Accept", "text/plain")
            .GET()
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw unavailable(service + " answered HTTP " + r.statusCode() + " at " + url);
      }
      return r.body();
    } catch (IOException e) {
      throw unavailable("cannot read " + service + " metrics at " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while reading " + url);
    }
  }

  private static ResponseStatusException unavailable(String reason) {
    return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, reason);
  }
}
