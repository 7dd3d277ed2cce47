package io.overdrive.features;

import java.time.Duration;
import java.time.Instant;

/** Recency decay of a post: {@code 2^(-age / halfLife)}, neutral 0.5 when its age is unknown. */
public final class Freshness {
  public static final double UNKNOWN = 0.5;

  private Freshness() {}

  public static double of(Instant createdAt, Instant now, Duration halfLife) {
    if (createdAt == null) {
      return UNKNOWN;
    }
    return of(createdAt.toEpochMilli(), now.toEpochMilli(), halfLife.toMillis());
  }

  /**
   * The same in milliseconds (the creation time known): a ranking converts its {@code now} and
   * half-life once, not per candidate.
   */
  public static double of(long createdAtMillis, long nowMillis, long halfLifeMillis) {
    double ageMs = Math.max(0, nowMillis - createdAtMillis);
    return Math.pow(2, -ageMs / halfLifeMillis);
  }

  /** Age in hours, 0 when unknown or in the future. */
  public static double ageHours(Instant createdAt, Instant now) {
    if (createdAt == null) {
      return 0;
    }
    return ageHours(createdAt.toEpochMilli(), now.toEpochMilli());
  }

  /** The same in milliseconds (the creation time known). */
  public static double ageHours(long createdAtMillis, long nowMillis) {
    return Math.max(0, nowMillis - createdAtMillis) / 3_600_000.0;
  }
}
