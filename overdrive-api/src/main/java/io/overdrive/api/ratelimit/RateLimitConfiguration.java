package io.overdrive.api.ratelimit;

import io.overdrive.api.config.OverdriveProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where the rate-limit buckets live: in this process, or in Redis when {@code
 * OVERDRIVE_REDIS_URL} is set so several API replicas share each caller's bucket.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "overdrive.rate-limit.enabled", matchIfMissing = true)
public class RateLimitConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

  @Bean(destroyMethod = "close")
  RateLimiter rateLimiter(RateLimitProperties limits, OverdriveProperties props) {
    BucketRateLimiter limiter =
        props.redisEnabled()
            ? BucketRateLimiter.shared(
                limits, new RedisBucketStore(props.redisUrl(), Duration.ofSeconds(2)))
            : BucketRateLimiter.inMemory(limits);
    log.info(
        "Rate limits: {} requests/s, burst {}, per caller ({})",
        limits.requestsPerSecond(),
        limits.burst(),
        limiter.describe());
    return limiter;
  }
}
