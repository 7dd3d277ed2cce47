package io.overdrive.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.api.ApiClient;
import io.overdrive.api.OverdriveApiApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The standalone default (open, with a WARN) and settings that must fail the boot clearly. */
@ExtendWith(OutputCaptureExtension.class)
class AuthOffAndSettingsTest {

  /** Properties as command-line arguments: they win over application.yml, as in production. */
  static ConfigurableApplicationContext start(String... properties) {
    String[] args = new String[properties.length + 2];
    args[0] = "--server.port=0";
    args[1] = "--spring.main.banner-mode=off";
    for (int i = 0; i < properties.length; i++) {
      args[i + 2] = "--" + properties[i];
    }
    return new SpringApplicationBuilder(OverdriveApiApplication.class).run(args);
  }

  static ApiClient client(ConfigurableApplicationContext app) {
    return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
  }

  static int rankStatus(ApiClient api) {
    return api.post("/rank/for-you", "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\"}]}")
        .status();
  }

  @Test
  void withoutAuthSettingsTheApiIsOpenAndSaysSo(CapturedOutput output) {
    try (ConfigurableApplicationContext app = start()) {
      assertThat(output.getOut()).contains("WARN").contains("Authentication is OFF");
      ApiClient api = client(app);
      assertThat(rankStatus(api)).isEqualTo(200);
      assertThat(api.put("/users/u", "{}").status()).isEqualTo(201);
    }
  }

  @Test
  void aShortJwtSecretFailsTheBootNamingTheSetting() {
    assertThatThrownBy(() -> start("overdrive.auth.jwt-secret=too-short").close())
        .hasStackTraceContaining("overdrive.auth")
        .hasStackTraceContaining("OVERDRIVE_AUTH_JWT_SECRET must be at least 32 bytes");
  }

  /** Production sets OVERDRIVE_AUTH_REQUIRED=true: an empty or missing key must not boot open. */
  @Test
  void requiredAuthWithoutAKeyFailsTheBootNamingTheSettings() {
    assertThatThrownBy(() -> start("overdrive.auth.required=true").close())
        .hasStackTraceContaining("overdrive.auth")
        .hasStackTraceContaining("OVERDRIVE_AUTH_REQUIRED=true, but no way to verify tokens");
    assertThatThrownBy(
            () -> start("overdrive.auth.required=true", "overdrive.auth.jwt-secret=").close())
        .hasStackTraceContaining("OVERDRIVE_AUTH_JWT_SECRET (at least 32 bytes)");
  }

  @Test
  void requiredAuthWithAKeyBootsAndAsksForATokenButNotOnProbes() {
    try (ConfigurableApplicationContext app =
        start(
            "overdrive.auth.required=true",
            "overdrive.auth.jwt-secret=0123456789abcdef0123456789abcdef")) {
      ApiClient api = client(app);
      assertThat(rankStatus(api)).isEqualTo(401);
      assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
  }

  @Test
  void aNonPositiveRateFailsTheBootNamingTheSetting() {
    assertThatThrownBy(() -> start("overdrive.rate-limit.requests-per-second=0").close())
        .hasStackTraceContaining("overdrive.rate-limit")
        .hasStackTraceContaining("requestsPerSecond");
  }
}
