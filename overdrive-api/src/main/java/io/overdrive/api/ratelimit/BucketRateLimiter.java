package io.overdrive.api.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bucket4j token buckets, one per caller: greedy refill of {@code requestsPerSecond}, capacity
 * {@code burst}. In memory, idle buckets (full again) are dropped once the map grows large, so a
 * scan of client addresses cannot grow the heap without bound. Shared, the buckets live in Redis
 * and all replicas draw from the same bucket of a caller.
 */
public final class BucketRateLimiter implements RateLimiter {
  static final int SWEEP_ABOVE = 10_000;
  static final String REDIS_KEY_PREFIX = "overdrive:ratelimit:";

  private final Function<String, Bucket> buckets;
  private final String description;
  private final AutoCloseable resources;

  private BucketRateLimiter(
      Function<String, Bucket> buckets, String description, AutoCloseable resources) {
    this.buckets = buckets;
    this.resources = resources;
    this.description = description;
  }

  static BucketConfiguration configuration(RateLimitProperties props) {
    return BucketConfiguration.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(props.burst())
                // per 1000 s so fractional rates (0.5/s) are exact; greedy refill is smooth anyway
                .refillGreedy(
                    Math.max(1, Math.round(props.requestsPerSecond() * 1000)),
                    Duration.ofSeconds(1000))
                .build())
        .build();
  }

  public static BucketRateLimiter inMemory(RateLimitProperties props) {
    BucketConfiguration config = configuration(props);
    Map<String, Bucket> map = new ConcurrentHashMap<>();
    long capacity = props.burst();
    Function<String, Bucket> lookup =
        key -> {
          if (map.size() > SWEEP_ABOVE) {
            map.values().removeIf(b -> b.getAvailableTokens() >= capacity);
          }
          return map.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit(config)).build());
        };
    return new BucketRateLimiter(lookup, "in-memory", () -> {});
  }

  static BucketRateLimiter shared(RateLimitProperties props, RedisBucketStore redis) {
    BucketConfiguration config = configuration(props);
    Function<String, Bucket> lookup =
        key ->
            redis
                .proxyManager()
                .getProxy((REDIS_KEY_PREFIX + key).getBytes(StandardCharsets.UTF_8), () -> config);
    return new BucketRateLimiter(lookup, "redis", redis);
  }

  private static Bandwidth limit(BucketConfiguration config) {
    return config.getBandwidths()[0];
  }

  @Override
  public Decision tryAcquire(String callerKey) {
    ConsumptionProbe probe = buckets.apply(callerKey).tryConsumeAndReturnRemaining(1);
    return new Decision(
        probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
