package io.overdrive.api.ratelimit;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-caller rate limits, {@code OVERDRIVE_RATE_LIMIT_*}: a token bucket per caller (the token's
 * subject, else the client address) that refills {@code requestsPerSecond} and holds {@code burst}.
 * Buckets live in this process, or in Redis when {@code OVERDRIVE_REDIS_URL} is set so that all
 * replicas share them.
 *
 * @param enabled false turns rate limiting off
 * @param requestsPerSecond sustained requests per second per caller (fractions allowed: 0.5 = one
 *     every two seconds)
 * @param burst requests a caller may make at once after being idle
 * @param exemptPaths path patterns never limited (probes and metrics scrapes)
 */
@Validated
@ConfigurationProperties(prefix = "overdrive.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("200") @DecimalMin("0.001") double requestsPerSecond,
    @DefaultValue("400") @Positive int burst,
    @DefaultValue({"/health", "/actuator/**", "/metrics"}) List<String> exemptPaths) {}
