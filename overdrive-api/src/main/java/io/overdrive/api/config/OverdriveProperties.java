package io.overdrive.api.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API, bound from {@code OVERDRIVE_*} environment variables (relaxed binding:
 * {@code OVERDRIVE_REDIS_URL} -> {@code overdrive.redis-url}). Validated at start-up, so a bad
 * setting fails the boot with a message rather than the first request. Auth and rate limits have
 * their own records ({@code overdrive.auth.*}, {@code overdrive.rate-limit.*}).
 *
 * @param redisUrl Redis to keep features in; absent = in-memory store (standalone); the store's own
 *     settings are {@code RedisStoreConfiguration.RedisStoreProperties}
 * @param kafkaBrokers Kafka bootstrap servers; absent = events applied in-process
 * @param demoData load a synthetic catalogue and users at start (standalone demo)
 * @param taxonomyFile interest taxonomy JSON; absent = the built-in one
 * @param maturityHalfPoint meaningful interactions at which learned signals get half the weight
 * @param maxEventsPerRequest most events one {@code POST /events} may carry
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param experimentsFile A/B experiment definition (JSON or YAML); absent = everyone in "control"
 * @param itemCacheTtl how long the ranker reuses an item read from Redis (catalogue record and
 *     engagement counters); 0 reads every candidate fresh. User features are never cached.
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record OverdriveProperties(
    String redisUrl,
    String kafkaBrokers,
    @DefaultValue("false") boolean demoData,
    String taxonomyFile,
    @DefaultValue("20") @Positive double maturityHalfPoint,
    @DefaultValue("1000") @Min(1) @Max(10000) int maxEventsPerRequest,
    @DefaultValue("4MB") DataSize maxBodySize,
    String experimentsFile,
    @DefaultValue("1s") Duration itemCacheTtl) {

  public OverdriveProperties {
    if (itemCacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "overdrive.item-cache-ttl (OVERDRIVE_ITEM_CACHE_TTL) must not be negative");
    }
    if (maxBodySize.toBytes() < 1024) {
      throw new IllegalArgumentException(
          "overdrive.max-body-size (OVERDRIVE_MAX_BODY_SIZE) must be at least 1KB, is "
              + maxBodySize);
    }
  }

  public boolean redisEnabled() {
    return redisUrl != null && !redisUrl.isBlank();
  }

  public boolean kafkaEnabled() {
    return kafkaBrokers != null && !kafkaBrokers.isBlank();
  }

  public boolean experimentsEnabled() {
    return experimentsFile != null && !experimentsFile.isBlank();
  }
}
