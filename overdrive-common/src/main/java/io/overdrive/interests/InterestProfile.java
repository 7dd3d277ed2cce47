package io.overdrive.interests;

import io.overdrive.domain.UserProfile;
import io.overdrive.features.UserFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's interests from every source, each as a weight in [-1, 1]: declared (signup interests,
 * then bio words) and learned (behaviour, decayed). Declared interests carry a new user's feed;
 * learned ones carry an active user's.
 *
 * @param declared interests from signup and bio (max 1); groupings inherit {@code parentShare} per
 *     level ({@code ps5} at 1 gives {@code gaming} 0.5)
 * @param learned behaviour-learned interests, scaled so the strongest positive is 1; aversions keep
 *     their sign
 */
public record InterestProfile(Map<String, Double> declared, Map<String, Double> learned) {
  /** Weight of a signup interest, of a #hashtag in the bio, of a bio word the taxonomy knows. */
  public static final double SIGNUP_WEIGHT = 1.0;

  public static final double BIO_HASHTAG_WEIGHT = 0.8;
  public static final double BIO_WORD_WEIGHT = 0.6;

  public static final InterestProfile EMPTY = new InterestProfile(Map.of(), Map.of());

  public InterestProfile {
    declared = Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    learned = Collections.unmodifiableMap(new LinkedHashMap<>(learned));
  }

  public static InterestProfile of(
      UserFeatures user, InterestTaxonomy taxonomy, double parentShare) {
    return new InterestProfile(
        declared(user.profile(), taxonomy, parentShare), learned(user.interestWeights()));
  }

  /** Signup interests (weight 1), bio hashtags (0.8) and bio words the taxonomy knows (0.6). */
  public static Map<String, Double> declared(
      UserProfile profile, InterestTaxonomy taxonomy, double parentShare) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String interest : profile.interests()) {
      put(out, taxonomy.canonical(interest), SIGNUP_WEIGHT, taxonomy, parentShare);
    }
    for (String word : bioWords(profile.bio())) {
      if (word.charAt(0) == '#') {
        put(out, taxonomy.canonical(word), BIO_HASHTAG_WEIGHT, taxonomy, parentShare);
      } else {
        for (String interest : taxonomy.interestsForBioWord(word)) {
          put(out, interest, BIO_WORD_WEIGHT, taxonomy, parentShare);
        }
      }
    }
    return out;
  }

  /**
   * The words of a bio: runs of letters, digits, '_' and '-', a leading '#' kept so hashtags can be
   * told apart ("Runner & #PS5 fan" -> [Runner, #PS5, fan]).
   */
  static List<String> bioWords(String bio) {
    List<String> words = new ArrayList<>();
    if (bio == null) {
      return words;
    }
    int n = bio.length();
    int i = 0;
    while (i < n) {
      char ch = bio.charAt(i);
      if (!isWordChar(ch) && ch != '#') {
        i++;
        continue;
      }
      int start = i;
      i++;
      while (i < n && isWordChar(bio.charAt(i))) {
        i++;
      }
      String w = bio.substring(start, i);
      if (!w.equals("#") && !w.chars().allMatch(c -> c == '#' || c == '_' || c == '-')) {
        words.add(w);
      }
    }
    return words;
  }

  private static boolean isWordChar(char ch) {
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '-';
  }

  private static void put(
      Map<String, Double> out,
      String interest,
      double w,
      InterestTaxonomy taxonomy,
      double parentShare) {
    if (interest.isEmpty()) {
      return;
    }
    out.merge(interest, w, Math::max);
    for (InterestTaxonomy.Ancestor a : taxonomy.ancestors(interest)) {
      out.merge(a.interest(), w * Math.pow(parentShare, a.depth()), Math::max);
    }
  }

  /** Learned weights scaled by the strongest positive one, clamped to [-1, 1]. */
  public static Map<String, Double> learned(Map<String, Double> raw) {
    double max = 0;
    for (double v : raw.values()) {
      max = Math.max(max, v);
    }
    double scale = max > 0 ? max : 1.0;
    Map<String, Double> out = new HashMap<>(raw.size() * 2);
    raw.forEach((k, v) -> out.put(k, Math.max(-1, Math.min(1, v / scale))));
    return out;
  }

  /**
   * Declared and learned weights blended by how well the system knows the user: {@code (1 - p) *
   * declared + p * learned}, the same share the ranking's maturity blend gives learned signals.
   */
  public Map<String, Double> combined(double personalization) {
    double p = Math.max(0, Math.min(1, personalization));
    Map<String, Double> combined = new HashMap<>();
    declared.forEach((k, v) -> combined.merge(k, (1 - p) * v, Double::sum));
    learned.forEach((k, v) -> combined.merge(k, p * v, Double::sum));
    return combined;
  }

  /** The interests with the highest combined weight (see {@link #combined}), strongest first. */
  public List<Map.Entry<String, Double>> top(int n, double personalization) {
    return strongest(combined(personalization), n);
  }

  /** The strongest learned interests (positive only), strongest first. */
  public List<Map.Entry<String, Double>> topLearned(int n) {
    return strongest(learned, n);
  }

  /** The strongest learned aversions (most negative first). */
  public List<Map.Entry<String, Double>> aversions(int n) {
    return learned.entrySet().stream()
        .filter(e -> e.getValue() < 0)
        .sorted(Map.Entry.comparingByValue())
        .limit(n)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }

  /** True when the user has a positive declared or learned weight on the interest. */
  public boolean likes(String interest) {
    return declared.getOrDefault(interest, 0.0) > 0 || learned.getOrDefault(interest, 0.0) > 0;
  }

  private static List<Map.Entry<String, Double>> strongest(Map<String, Double> weights, int n) {
    return weights.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }
}
