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
    double ageMs = Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli());
    return Math.pow(2, -ageMs / halfLife.toMillis());
  }

  /** Age in hours, 0 when unknown or in the future. */
  public static double ageHours(Instant createdAt, Instant now) {
    if (createdAt == null) {
      return 0;
    }
    return Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli()) / 3_600_000.0;
  }
}
