package io.overdrive.interests;

import io.overdrive.domain.UserProfile;
import io.overdrive.features.UserFeatures;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A user's interests from every source, each as a weight in [-1, 1]: declared (signup interests,
 * then bio words) and learned (behaviour, decayed). Declared interests carry a new user's feed;
 * learned ones carry an active user's.
 *
 * @param declared interests from signup and bio (max 1)
 * @param learned behaviour-learned interests, scaled so the strongest positive is 1; aversions keep
 *     their sign
 */
public record InterestProfile(Map<String, Double> declared, Map<String, Double> learned) {
  private static final Pattern WORD = Pattern.compile("[#\\p{L}\\p{N}_-]+");
  private static final double SIGNUP_WEIGHT = 1.0;
  private static final double BIO_WEIGHT = 0.6;
  private static final double BIO_HASHTAG_WEIGHT = 0.8;

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
    for (String interest : taxonomy.canonicalAll(profile.interests())) {
      put(out, interest, SIGNUP_WEIGHT, taxonomy, parentShare);
    }
    var m = WORD.matcher(profile.bio());
    while (m.find()) {
      String word = m.group();
      if (word.startsWith("#")) {
        put(out, taxonomy.canonical(word), BIO_HASHTAG_WEIGHT, taxonomy, parentShare);
      } else {
        for (String interest : taxonomy.interestsForBioWord(word)) {
          put(out, interest, BIO_WEIGHT, taxonomy, parentShare);
        }
      }
    }
    return out;
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
    for (String p : taxonomy.parents(interest)) {
      out.merge(p, w * parentShare, Math::max);
    }
  }

  /** Learned weights scaled by the strongest positive one, clamped to [-1, 1]. */
  public static Map<String, Double> learned(Map<String, Double> raw) {
    double max = 0;
    for (double v : raw.values()) {
      max = Math.max(max, v);
    }
    double scale = max > 0 ? max : 1.0;
    Map<String, Double> out = new HashMap<>();
    raw.forEach((k, v) -> out.put(k, Math.max(-1, Math.min(1, v / scale))));
    return out;
  }

  /** The interests with the highest combined weight, for insights. */
  public List<Map.Entry<String, Double>> top(int n, double learnedShare) {
    Map<String, Double> combined = new HashMap<>();
    declared.forEach((k, v) -> combined.merge(k, (1 - learnedShare) * v, Double::sum));
    learned.forEach((k, v) -> combined.merge(k, learnedShare * v, Double::sum));
    return combined.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(n)
        .toList();
  }
}
