package io.overdrive.serving.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The node reads erasure tombstones with the dedup window everyone else uses ({@code
 * OVERDRIVE_DEDUP_WINDOW_SECONDS}), not a window of its own.
 */
class ServingDedupWindowTest {
  private static ServingProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("overdrive", ServingProperties.class);
  }

  @Test
  void theNodesRedisSettingsCarryTheSharedDedupWindow() {
    assertThat(bind(Map.of("overdrive.redis-url", "redis://r:6379")).redisSettings().dedupWindow())
        .as("the API's and the consumer's default")
        .isEqualTo(Duration.ofHours(24));
    assertThat(
            bind(Map.of(
                    "overdrive.redis-url",
                    "redis://r:6379",
                    "overdrive.dedup-window-seconds",
                    "120"))
                .redisSettings()
                .dedupWindow())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aWindowBelowOneSecondStopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> bind(Map.of("overdrive.dedup-window-seconds", "0")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("OVERDRIVE_DEDUP_WINDOW_SECONDS");
  }
}
