package io.overdrive.features;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential time decay by "forward decay" (Cormode et al., ICDE 2009): an event at time t adds
 * {@code w * g(t)} with {@code g(t) = 2^((t - L) / halfLife)} for a fixed landmark L, and the
 * current value is the stored sum times {@code 1 / g(now)}. Updates are plain additions, so they
 * commute, need no read-before-write, and map to one HINCRBYFLOAT in Redis; decay is applied on
 * read. With the landmark at 2025-01-01 and a 14-day half-life a double stays finite for ~40 years.
 */
public final class ForwardDecay {
  public static final Instant LANDMARK = Instant.parse("2025-01-01T00:00:00Z");

  private final double halfLifeSeconds;

  public ForwardDecay(Duration halfLife) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("half-life must be positive");
    }
    this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
  }

  /** What to add to the stored sum for a weight {@code w} observed at {@code at}. */
  public double encode(double w, Instant at) {
    return w * Math.pow(2.0, secondsSinceLandmark(at) / halfLifeSeconds);
  }

  /** The decayed value at {@code now} of a stored sum. */
  public double decode(double stored, Instant now) {
    return stored * factorAt(now);
  }

  /**
   * What a stored sum is multiplied by to decode it at {@code now}: {@code decode(stored, now) ==
   * stored * factorAt(now)}, bit for bit. A ranking decodes hundreds of sums at one {@code now},
   * and computes the power once instead of twice per candidate.
   */
  public double factorAt(Instant now) {
    return Math.pow(2.0, -secondsSinceLandmark(now) / halfLifeSeconds);
  }

  public Duration halfLife() {
    return Duration.ofMillis((long) (halfLifeSeconds * 1000));
  }

  private static double secondsSinceLandmark(Instant t) {
    return (t.toEpochMilli() - LANDMARK.toEpochMilli()) / 1000.0;
  }
}
