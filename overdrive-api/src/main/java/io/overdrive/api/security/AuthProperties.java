package io.overdrive.api.security;

import jakarta.validation.constraints.AssertTrue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bearer-token (JWT) authentication, {@code OVERDRIVE_AUTH_*}. Auth is on as soon as one way to
 * verify tokens is configured; otherwise the API is open and says so in a WARN line at start.
 *
 * @param jwtSecret shared secret for HS256-signed tokens (at least 32 bytes)
 * @param issuerUri expected {@code iss}; without {@code jwkSetUri} its OpenID metadata names the
 *     signing keys (looked up on first use, not at start)
 * @param jwkSetUri where the identity provider publishes its public keys (RS256, ES256, ...)
 * @param audience when set, a token's {@code aud} must contain it
 * @param requireScopes when true, endpoints need scopes: {@code rank} (ranking and reads), {@code
 *     events} (events and signup), {@code admin} (erasure of any user; a user may always erase
 *     themselves)
 * @param publicPaths path patterns that need no token (health, probes, metrics, API docs)
 * @param required when true, start-up fails unless one way to verify tokens is configured, so a
 *     production install whose key Secret is missing or empty never runs open
 */
@Validated
@ConfigurationProperties(prefix = "overdrive.auth")
public record AuthProperties(
    String jwtSecret,
    String issuerUri,
    String jwkSetUri,
    String audience,
    @DefaultValue("false") boolean requireScopes,
    @DefaultValue({
          "/health",
          "/actuator/health",
          "/actuator/health/**",
          "/metrics",
          "/v3/api-docs",
          "/v3/api-docs/**",
          "/swagger-ui.html",
          "/swagger-ui/**",
          "/error"
        })
        List<String> publicPaths,
    @DefaultValue("false") boolean required) {

  public static final int MIN_SECRET_BYTES = 32;

  public boolean enabled() {
    return present(jwtSecret) || present(issuerUri) || present(jwkSetUri);
  }

  public boolean hasSecret() {
    return present(jwtSecret);
  }

  public boolean hasKeySet() {
    return present(issuerUri) || present(jwkSetUri);
  }

  /** HS256 needs a 256-bit key; a shorter secret would be rejected by every token anyway. */
  @AssertTrue(message = "OVERDRIVE_AUTH_JWT_SECRET must be at least 32 bytes (HS256 key size)")
  public boolean isJwtSecretLongEnough() {
    return !present(jwtSecret)
        || jwtSecret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
  }

  @AssertTrue(
      message =
          "OVERDRIVE_AUTH_REQUIRED=true, but no way to verify tokens is set: set"
              + " OVERDRIVE_AUTH_JWT_SECRET (at least 32 bytes), OVERDRIVE_AUTH_JWK_SET_URI or"
              + " OVERDRIVE_AUTH_ISSUER_URI")
  public boolean isConfiguredWhenRequired() {
    return !required || enabled();
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
