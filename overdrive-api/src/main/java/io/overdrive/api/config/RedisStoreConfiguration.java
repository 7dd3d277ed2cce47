package io.overdrive.api.config;

import io.overdrive.features.LearningSettings;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ProfileCipher;
import io.overdrive.store.RedisFeatureStore;
import io.overdrive.store.RedisStoreSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.validation.annotation.Validated;

/**
 * Distributed mode's feature store: with {@code OVERDRIVE_REDIS_URL} set, features live in Redis
 * (standalone server or cluster) through {@link RedisFeatureStore}, shared with the consumer.
 * Without it, {@link CoreConfiguration} provides the in-memory store.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${overdrive.redis-url:}'.isBlank()")
@EnableConfigurationProperties(RedisStoreConfiguration.RedisStoreProperties.class)
public class RedisStoreConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RedisStoreConfiguration.class);

  /**
   * Redis settings, from the same {@code OVERDRIVE_*} variables the consumer reads.
   *
   * @param redisUrl {@code redis://host:6379}, or comma-separated cluster nodes
   * @param featureTtlSeconds TTL of user and item keys, refreshed on write
   * @param dedupWindowSeconds how long an applied event id is remembered
   * @param redisTimeoutMs how long a round trip may take before Redis counts as unavailable
   * @param redisEventsPerScript events per Lua script call when applying a batch
   * @param redisConnectPatienceSeconds how long start-up waits for Redis to come up
   * @param profileKeys keys encrypting signup profiles at rest ({@link ProfileCipher}: {@code
   *     id:base64,...}, the first encrypts); absent = profiles stored as plaintext JSON
   */
  @Validated
  @ConfigurationProperties(prefix = "overdrive")
  public record RedisStoreProperties(
      String redisUrl,
      @DefaultValue("2592000") @Positive long featureTtlSeconds,
      @DefaultValue("86400") @Positive long dedupWindowSeconds,
      @DefaultValue("2000") @Min(10) @Max(60000) long redisTimeoutMs,
      @DefaultValue("256") @Min(1) @Max(2000) int redisEventsPerScript,
      @DefaultValue("30") @Min(0) long redisConnectPatienceSeconds,
      String profileKeys) {

    public RedisStoreProperties {
      ProfileCipher.fromSetting(profileKeys); // a bad key stops the start-up naming the setting
    }

    public RedisStoreSettings settings() {
      return new RedisStoreSettings(
          redisUrl,
          Duration.ofSeconds(featureTtlSeconds),
          Duration.ofSeconds(dedupWindowSeconds),
          Duration.ofMillis(redisTimeoutMs),
          redisEventsPerScript);
    }
  }

  /**
   * Primary, so it wins over the in-memory fallback whatever order the configuration classes are
   * read in (a plain {@code @ConditionalOnMissingBean} there depends on that order).
   */
  @Bean(destroyMethod = "close")
  @Primary
  FeatureStore redisFeatureStore(RedisStoreProperties props, LearningSettings learning) {
    RedisFeatureStore store =
        RedisFeatureStore.connect(
            props.settings(),
            learning,
            Duration.ofSeconds(props.redisConnectPatienceSeconds()),
            ProfileCipher.fromSetting(props.profileKeys()));
    if (props.profileKeys() == null || props.profileKeys().isBlank()) {
      log.warn(
          "Signup profiles are stored in Redis as plaintext: set OVERDRIVE_PROFILE_KEYS to"
              + " encrypt them (docs/api.md, Privacy)");
    }
    log.info(
        "Feature store: {} (TTL {} s, dedup window {} s)",
        store.describe(),
        props.featureTtlSeconds(),
        props.dedupWindowSeconds());
    return store;
  }
}
