package io.overdrive.ranking;

import java.time.Duration;
import java.util.Map;

/**
 * The knobs of the For You pipeline; an A/B variant is a set of overrides of these.
 *
 * @param maturityHalfPoint meaningful interactions at which learned signals get half the weight
 * @param maturitySteepness exponent of the maturity curve: {@code n^s / (n^s + half^s)}; 1 is a
 *     hyperbola, larger values hold cold start longer and then switch faster
 * @param coldWeights signal weights while a user is new (signal name -> weight)
 * @param learnedWeights signal weights once a user is known
 * @param minQuality candidates below this quality are dropped
 * @param maxPerAuthor at most this many items of one author in a response
 * @param maxInterestShare at most this share of a response on one interest
 * @param mmrLambda relevance vs. novelty trade-off of the diversity selection (1 = relevance only)
 * @param freshnessHalfLife age at which the freshness signal halves
 */
public record RankingSettings(
    double maturityHalfPoint,
    double maturitySteepness,
    Map<String, Double> coldWeights,
    Map<String, Double> learnedWeights,
    double minQuality,
    int maxPerAuthor,
    double maxInterestShare,
    double mmrLambda,
    Duration freshnessHalfLife) {

  public RankingSettings {
    coldWeights = Map.copyOf(coldWeights);
    learnedWeights = Map.copyOf(learnedWeights);
    if (maturityHalfPoint <= 0) {
      throw new IllegalArgumentException("maturityHalfPoint must be > 0");
    }
    if (maturitySteepness <= 0) {
      throw new IllegalArgumentException("maturitySteepness must be > 0");
    }
    if (minQuality < 0 || minQuality > 1) {
      throw new IllegalArgumentException("minQuality must be in [0, 1]");
    }
    if (maxPerAuthor < 1) {
      throw new IllegalArgumentException("maxPerAuthor must be >= 1");
    }
    if (maxInterestShare <= 0 || maxInterestShare > 1) {
      throw new IllegalArgumentException("maxInterestShare must be in (0, 1]");
    }
    if (mmrLambda < 0 || mmrLambda > 1) {
      throw new IllegalArgumentException("mmrLambda must be in [0, 1]");
    }
  }

  public static RankingSettings defaults() {
    return new RankingSettings(
        20,
        1.0,
        Map.of(
            Signals.DECLARED_INTEREST, 0.50,
            Signals.ENGAGEMENT, 0.20,
            Signals.QUALITY, 0.15,
            Signals.FRESHNESS, 0.10,
            Signals.FOLLOWED_AUTHOR, 0.05),
        Map.of(
            Signals.LEARNED_INTEREST, 0.30,
            Signals.DECLARED_INTEREST, 0.08,
            Signals.AUTHOR_AFFINITY, 0.10,
            Signals.FOLLOWED_AUTHOR, 0.04,
            Signals.TWO_TOWER, 0.20,
            Signals.SEQUENCE, 0.15,
            Signals.ENGAGEMENT, 0.06,
            Signals.QUALITY, 0.04,
            Signals.FRESHNESS, 0.03),
        0.2,
        2,
        0.4,
        0.75,
        Duration.ofHours(24));
  }

  /**
   * Share of the learned signals in the blend for a user with {@code n} meaningful interactions.
   */
  public double personalization(long n) {
    if (n <= 0) {
      return 0;
    }
    double a = Math.pow(n, maturitySteepness);
    return a / (a + Math.pow(maturityHalfPoint, maturitySteepness));
  }
}
