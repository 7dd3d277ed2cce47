package io.overdrive.ranking;

import io.overdrive.features.FeatureSlot;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The knobs of the For You pipeline; an A/B variant is a set of overrides of these (see {@link
 * #withOverrides}). Defaults and their reasons: docs/ranking.md.
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
 * @param explorationShare share of a brand-new user's feed given to items outside their interests,
 *     so the system can learn what else they like; shrinks with personalization ({@code share * (1
 *     - p)}); 0 turns exploration off
 * @param fillBeyondCaps when the diversity caps leave slots empty, fill them anyway (marked in the
 *     reasons) instead of returning fewer items
 * @param trainedBlend rank users the model version's trained blend applies to with it (when the
 *     version has one); false keeps the hand-set weights above for everyone
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
    Duration freshnessHalfLife,
    double explorationShare,
    boolean fillBeyondCaps,
    boolean trainedBlend) {

  /** The keys {@link #withOverrides} accepts. */
  public static final List<String> KEYS =
      List.of(
          "maturity_half_point",
          "maturity_steepness",
          "cold_weights",
          "learned_weights",
          "min_quality",
          "max_per_author",
          "max_interest_share",
          "mmr_lambda",
          "freshness_half_life",
          "exploration_share",
          "fill_beyond_caps",
          "trained_blend");

  public RankingSettings {
    coldWeights = validWeights("cold_weights", coldWeights);
    learnedWeights = validWeights("learned_weights", learnedWeights);
    require(
        Double.isFinite(maturityHalfPoint) && maturityHalfPoint > 0,
        "maturity_half_point",
        "must be > 0");
    require(
        Double.isFinite(maturitySteepness) && maturitySteepness > 0,
        "maturity_steepness",
        "must be > 0");
    require(minQuality >= 0 && minQuality <= 1, "min_quality", "must be in [0, 1]");
    require(maxPerAuthor >= 1, "max_per_author", "must be >= 1");
    require(
        maxInterestShare > 0 && maxInterestShare <= 1, "max_interest_share", "must be in (0, 1]");
    require(mmrLambda >= 0 && mmrLambda <= 1, "mmr_lambda", "must be in [0, 1]");
    require(
        freshnessHalfLife != null && !freshnessHalfLife.isNegative() && !freshnessHalfLife.isZero(),
        "freshness_half_life",
        "must be a positive duration");
    require(
        explorationShare >= 0 && explorationShare <= 0.5,
        "exploration_share",
        "must be in [0, 0.5]");
  }

  /** Settings with the default exploration share and cap behaviour. */
  public RankingSettings(
      double maturityHalfPoint,
      double maturitySteepness,
      Map<String, Double> coldWeights,
      Map<String, Double> learnedWeights,
      double minQuality,
      int maxPerAuthor,
      double maxInterestShare,
      double mmrLambda,
      Duration freshnessHalfLife) {
    this(
        maturityHalfPoint,
        maturitySteepness,
        coldWeights,
        learnedWeights,
        minQuality,
        maxPerAuthor,
        maxInterestShare,
        mmrLambda,
        freshnessHalfLife,
        defaults().explorationShare(),
        defaults().fillBeyondCaps(),
        defaults().trainedBlend());
  }

  private static Map<String, Double> validWeights(String field, Map<String, Double> weights) {
    if (weights == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
      if (FeatureSlot.byName(e.getKey()) == null) {
        throw new IllegalArgumentException(
            field
                + "."
                + e.getKey()
                + ": unknown signal; one of "
                + String.join(", ", FeatureSlot.names()));
      }
      Double w = e.getValue();
      if (w == null || !Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            field + "." + e.getKey() + ": weight must be a finite number >= 0");
      }
      out.put(e.getKey(), w);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new IllegalArgumentException(key + " " + message);
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
            Signals.POPULARITY, 0.40,
            Signals.LEARNED_INTEREST, 0.05,
            Signals.AUTHOR_AFFINITY, 0.10,
            Signals.FOLLOWED_AUTHOR, 0.04,
            Signals.TWO_TOWER, 0.20,
            Signals.SEQUENCE, 0.20,
            Signals.ENGAGEMENT, 0.04,
            Signals.QUALITY, 0.02,
            Signals.FRESHNESS, 0.02),
        0.2,
        2,
        0.4,
        0.9,
        Duration.ofHours(24),
        0.1,
        false,
        true);
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

  /** How many of {@code limit} slots go to exploration for a user at this personalization. */
  public int explorationSlots(int limit, double personalization) {
    return (int) Math.floor(limit * explorationShare * (1 - personalization) + 1e-9);
  }

  /** At most this many items of one interest in a response of {@code limit} items. */
  public int interestCap(int limit) {
    return Math.max(1, (int) Math.ceil(maxInterestShare * limit - 1e-9));
  }

  /**
   * These settings with some replaced, as an experiment variant or a configuration file gives them:
   * keys of {@link #KEYS}; numbers as numbers (or numeric strings), {@code freshness_half_life} as
   * an ISO-8601 duration ("PT12H") or hours, weights as a map of signal -> weight that replaces
   * only the signals it names (a weight of 0 removes a signal from the blend).
   *
   * @throws IllegalArgumentException naming the offending key
   */
  public RankingSettings withOverrides(Map<String, ?> overrides) {
    double halfPoint = maturityHalfPoint;
    double steepness = maturitySteepness;
    Map<String, Double> cold = new LinkedHashMap<>(coldWeights);
    Map<String, Double> learned = new LinkedHashMap<>(learnedWeights);
    double quality = minQuality;
    int perAuthor = maxPerAuthor;
    double interestShare = maxInterestShare;
    double lambda = mmrLambda;
    Duration freshness = freshnessHalfLife;
    double exploration = explorationShare;
    boolean fill = fillBeyondCaps;
    boolean trained = trainedBlend;
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      switch (key) {
        case "maturity_half_point" -> halfPoint = number(key, v);
        case "maturity_steepness" -> steepness = number(key, v);
        case "cold_weights" -> cold.putAll(weights(key, v));
        case "learned_weights" -> learned.putAll(weights(key, v));
        case "min_quality" -> quality = number(key, v);
        case "max_per_author" -> perAuthor = integer(key, v);
        case "max_interest_share" -> interestShare = number(key, v);
        case "mmr_lambda" -> lambda = number(key, v);
        case "freshness_half_life" -> freshness = duration(key, v);
        case "exploration_share" -> exploration = number(key, v);
        case "fill_beyond_caps" -> fill = bool(key, v);
        case "trained_blend" -> trained = bool(key, v);
        default ->
            throw new IllegalArgumentException(
                key + ": unknown ranking setting; one of " + String.join(", ", KEYS));
      }
    }
    cold.values().removeIf(w -> w == 0);
    learned.values().removeIf(w -> w == 0);
    return new RankingSettings(
        halfPoint,
        steepness,
        cold,
        learned,
        quality,
        perAuthor,
        interestShare,
        lambda,
        freshness,
        exploration,
        fill,
        trained);
  }

  private static double number(String key, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(key + ": must be a number, is " + v);
  }

  private static int integer(String key, Object v) {
    double d = number(key, v);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + ": must be an integer, is " + v);
    }
    return (int) d;
  }

  private static boolean bool(String key, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(key + ": must be true or false, is " + v);
  }

  private static Duration duration(String key, Object v) {
    if (v instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 3_600_000));
    }
    if (v instanceof String s) {
      try {
        return Duration.parse(s.trim());
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(
        key + ": must be an ISO-8601 duration like PT12H or a number of hours, is " + v);
  }

  private static Map<String, Double> weights(String key, Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(key + ": must be a map of signal -> weight");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String signal = String.valueOf(e.getKey());
      out.put(signal, number(key + "." + signal, e.getValue()));
    }
    return out;
  }
}
