package io.overdrive.api.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operators' console at {@code /console} ({@code OVERDRIVE_CONSOLE_*}). Its System and Models
 * pages read each service's own Prometheus endpoint through the API, so the browser needs to reach
 * only the API.
 *
 * @param consumerMetricsUrl the consumer's metrics endpoint (e.g. {@code
 *     http://consumer:8089/metrics}); absent = the console shows no consumer figures
 * @param servingMetricsUrl the serving node's metrics endpoint (e.g. {@code
 *     http://serving:8090/metrics}); absent = the console shows no serving figures
 * @param scrapeTimeout how long one read of another service's metrics may take
 */
@Validated
@ConfigurationProperties(prefix = "overdrive.console")
public record ConsoleProperties(
    URI consumerMetricsUrl, URI servingMetricsUrl, @DefaultValue("2s") Duration scrapeTimeout) {

  public ConsoleProperties {
    check(
        "overdrive.console.consumer-metrics-url (OVERDRIVE_CONSOLE_CONSUMER_METRICS_URL)",
        consumerMetricsUrl);
    check(
        "overdrive.console.serving-metrics-url (OVERDRIVE_CONSOLE_SERVING_METRICS_URL)",
        servingMetricsUrl);
    if (scrapeTimeout.isNegative() || scrapeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "overdrive.console.scrape-timeout (OVERDRIVE_CONSOLE_SCRAPE_TIMEOUT) must be > 0");
    }
  }

  private static void check(String name, URI url) {
    if (url == null) {
      return;
    }
    String scheme = url.getScheme();
    if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException(
          name + " must be an http(s) URL such as http://consumer:8089/metrics, is " + url);
    }
  }
}
