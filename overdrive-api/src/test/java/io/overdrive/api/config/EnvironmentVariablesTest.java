package io.overdrive.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ratelimit.RateLimitProperties;
import io.overdrive.api.security.AuthProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** The environment variables the README documents bind to the settings they name. */
class EnvironmentVariablesTest {

  static Binder env(Map<String, Object> variables) {
    return new Binder(
        ConfigurationPropertySources.from(new SystemEnvironmentPropertySource("env", variables)));
  }

  @Test
  void documentedVariablesBind() {
    Binder binder =
        env(
            Map.of(
                "OVERDRIVE_REDIS_URL", "redis://r:6379",
                "OVERDRIVE_MAX_BODY_SIZE", "1MB",
                "OVERDRIVE_MAX_EVENTS_PER_REQUEST", "50",
                "OVERDRIVE_EXPERIMENTS_FILE", "/etc/overdrive/ab.yaml",
                "OVERDRIVE_ITEM_CACHE_TTL", "250ms",
                "OVERDRIVE_MATURITY_HALF_POINT", "8",
                "OVERDRIVE_AUTH_JWT_SECRET", "s".repeat(32),
                "OVERDRIVE_AUTH_REQUIRE_SCOPES", "true",
                "OVERDRIVE_AUTH_PUBLIC_PATHS", "/health,/metrics",
                "OVERDRIVE_RATE_LIMIT_REQUESTS_PER_SECOND", "7.5"));
    OverdriveProperties core = binder.bind("overdrive", OverdriveProperties.class).get();
    assertThat(core.redisUrl()).isEqualTo("redis://r:6379");
    assertThat(core.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
    assertThat(core.maxEventsPerRequest()).isEqualTo(50);
    assertThat(core.experimentsFile()).isEqualTo("/etc/overdrive/ab.yaml");
    assertThat(core.itemCacheTtl()).isEqualTo(Duration.ofMillis(250));
    assertThat(core.maturityHalfPoint()).isEqualTo(8);

    AuthProperties auth = binder.bind("overdrive.auth", AuthProperties.class).get();
    assertThat(auth.enabled()).isTrue();
    assertThat(auth.requireScopes()).isTrue();
    assertThat(auth.publicPaths()).containsExactly("/health", "/metrics");

    RateLimitProperties limits =
        binder.bind("overdrive.rate-limit", RateLimitProperties.class).get();
    assertThat(limits.requestsPerSecond()).isEqualTo(7.5);
    assertThat(limits.burst()).isEqualTo(400);
    assertThat(limits.exemptPaths()).contains("/metrics");
  }

  @Test
  void withoutVariablesTheDefaultsAreTheStandaloneOnes() {
    Binder binder = env(Map.of("UNRELATED", "x"));
    OverdriveProperties core = binder.bindOrCreate("overdrive", OverdriveProperties.class);
    assertThat(core.redisEnabled()).isFalse();
    assertThat(core.kafkaEnabled()).isFalse();
    assertThat(core.maxBodySize()).isEqualTo(DataSize.ofMegabytes(4));
    assertThat(core.itemCacheTtl()).isEqualTo(Duration.ofSeconds(1));
    AuthProperties auth = binder.bindOrCreate("overdrive.auth", AuthProperties.class);
    assertThat(auth.enabled()).isFalse();
    assertThat(auth.publicPaths()).contains("/health", "/metrics", "/actuator/health/**");
    RateLimitProperties limits =
        binder.bindOrCreate("overdrive.rate-limit", RateLimitProperties.class);
    assertThat(limits.enabled()).isTrue();
    assertThat(List.of(limits.requestsPerSecond(), (double) limits.burst()))
        .containsExactly(200.0, 400.0);
  }
}
