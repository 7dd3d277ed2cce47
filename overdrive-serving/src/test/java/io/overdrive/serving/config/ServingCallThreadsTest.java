package io.overdrive.serving.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** ForYou calls wait on Redis, so the node runs more call threads than cores unless told. */
class ServingCallThreadsTest {
  private static ServingProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("overdrive", ServingProperties.class);
  }

  @Test
  void fourCallThreadsPerCoreByDefault() {
    assertThat(bind(Map.of()).callThreadsOrDefault())
        .isEqualTo(4 * Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aSetCountIsKept() {
    assertThat(bind(Map.of("overdrive.call-threads", "3")).callThreadsOrDefault()).isEqualTo(3);
  }
}
