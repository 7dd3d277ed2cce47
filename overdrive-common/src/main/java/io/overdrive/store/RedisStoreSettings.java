package io.overdrive.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RedisFeatureStore} connects and keeps data.
 *
 * @param url {@code redis://host:6379} (standalone, or a cluster seed: detected), or a
 *     comma-separated list of node URLs (cluster); {@code rediss://} and {@code
 *     redis://:password@host} work as Lettuce reads them
 * @param featureTtl time-to-live of a user's and an item's keys, refreshed by writes ({@code
 *     OVERDRIVE_FEATURE_TTL_SECONDS}, default 30 days; see {@link #ttlRefreshInterval()})
 * @param dedupWindow how long an applied event id is remembered so a redelivery is not counted
 *     twice ({@code OVERDRIVE_DEDUP_WINDOW_SECONDS}, default 24 hours)
 * @param commandTimeout how long one round trip may take before the store counts as unavailable
 * @param eventsPerScript at most this many events per Lua script call: larger calls cost fewer
 *     round trips but block Redis longer (other clients wait while a script runs)
 */
public record RedisStoreSettings(
    String url,
    Duration featureTtl,
    Duration dedupWindow,
    Duration commandTimeout,
    int eventsPerScript) {

  public static final Duration DEFAULT_FEATURE_TTL = Duration.ofDays(30);
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_EVENTS_PER_SCRIPT = 256;

  public RedisStoreSettings {
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("Redis URL is empty");
    }
    if (featureTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("feature TTL must be at least 1 second");
    }
    if (dedupWindow.toSeconds() < 1) {
      throw new IllegalArgumentException("dedup window must be at least 1 second");
    }
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("command timeout must be positive");
    }
    if (eventsPerScript < 1 || eventsPerScript > 2000) {
      throw new IllegalArgumentException("events per script must be in [1, 2000]");
    }
  }

  /**
   * How often a key's TTL is pushed back, and its expired dedup marks pruned, while it is being
   * written: the shortest of an hour, a quarter of the TTL and a quarter of the dedup window.
   * Refreshing on every write would cost a third of the write scripts' work; the price is that a
   * key expires up to this much earlier than a full TTL after its last write, and that a user's
   * marks stay up to this much longer than the window: a busy user holds at most the window plus
   * this interval of marks (at most 1.25 windows), which is what bounds Redis's memory under a
   * steady event rate (docs/streaming.md, "Redis memory").
   */
  public Duration ttlRefreshInterval() {
    Duration interval = Duration.ofHours(1);
    for (Duration quarter : new Duration[] {featureTtl.dividedBy(4), dedupWindow.dividedBy(4)}) {
      if (quarter.compareTo(interval) < 0) {
        interval = quarter;
      }
    }
    return interval.isZero() ? Duration.ofMillis(1) : interval;
  }

  public static RedisStoreSettings of(String url) {
    return new RedisStoreSettings(
        url,
        DEFAULT_FEATURE_TTL,
        DEFAULT_DEDUP_WINDOW,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_EVENTS_PER_SCRIPT);
  }

  public RedisStoreSettings withFeatureTtl(Duration ttl) {
    return new RedisStoreSettings(url, ttl, dedupWindow, commandTimeout, eventsPerScript);
  }

  public RedisStoreSettings withDedupWindow(Duration window) {
    return new RedisStoreSettings(url, featureTtl, window, commandTimeout, eventsPerScript);
  }

  public RedisStoreSettings withCommandTimeout(Duration timeout) {
    return new RedisStoreSettings(url, featureTtl, dedupWindow, timeout, eventsPerScript);
  }

  public RedisStoreSettings withEventsPerScript(int n) {
    return new RedisStoreSettings(url, featureTtl, dedupWindow, commandTimeout, n);
  }
}
