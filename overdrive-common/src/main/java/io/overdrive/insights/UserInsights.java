package io.overdrive.insights;

import io.overdrive.domain.InteractionType;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankingSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Overdrive knows about a user and why their feed looks as it does: the view behind {@code GET
 * /insights/{user_id}}. Built from the same objects the ranker uses (features, interest profile,
 * settings, and optionally a {@link RankResult}), so it cannot disagree with the ranking.
 *
 * @param known true when the user signed up or has any interaction
 * @param personalization how far the feed has moved from cold start to learned signals
 * @param declaredInterests signup and bio interests with their groupings, strongest first
 * @param learnedInterests behaviour-learned interests (scaled so the strongest is 1)
 * @param aversions learned interests with a negative weight, most negative first
 * @param topInterests declared and learned blended by personalization, strongest first
 * @param interactionCounts interactions by type (wire names), all time
 * @param authorAffinities learned, decayed author affinities, strongest first
 * @param ranking the explanation of a ranking of this user, or null when none was given
 */
public record UserInsights(
    String userId,
    boolean known,
    Personalization personalization,
    List<WeightedName> declaredInterests,
    List<WeightedName> learnedInterests,
    List<WeightedName> aversions,
    List<WeightedName> topInterests,
    Map<String, Long> interactionCounts,
    long sessions,
    List<WeightedName> authorAffinities,
    List<String> follows,
    List<String> recentItems,
    RankingExplanation ranking) {

  /** How many interests, authors and recent items the view lists at most. */
  public static final int TOP = 10;

  /** An interest or author and its weight. */
  public record WeightedName(String name, double weight) {
    static List<WeightedName> of(List<Map.Entry<String, Double>> entries) {
      return entries.stream().map(e -> new WeightedName(e.getKey(), round(e.getValue()))).toList();
    }
  }

  /**
   * Where the user is on the maturity curve.
   *
   * @param level share of learned signals in the blend, [0, 1]
   * @param stage {@code cold_start} (below 0.25), {@code warming_up} (below 0.75) or {@code
   *     personalised}
   * @param meaningfulInteractions interactions other than impressions, what the curve counts
   * @param halfPoint interactions at which the level reaches 0.5 (the setting)
   */
  public record Personalization(
      double level, String stage, long meaningfulInteractions, double halfPoint) {
    static Personalization of(long interactions, RankingSettings settings) {
      double p = settings.personalization(interactions);
      String stage = p < 0.25 ? "cold_start" : p < 0.75 ? "warming_up" : "personalised";
      return new Personalization(round(p), stage, interactions, settings.maturityHalfPoint());
    }
  }

  /**
   * The insights of a user.
   *
   * @param parentShare share of an interest's weight its groupings receive (the learning setting)
   * @param ranking a ranking of this user to explain, or null
   */
  public static UserInsights of(
      UserFeatures user,
      InterestTaxonomy taxonomy,
      RankingSettings settings,
      double parentShare,
      RankResult ranking) {
    InterestProfile profile = InterestProfile.of(user, taxonomy, parentShare);
    long interactions = user.meaningfulInteractions();
    Personalization personalization = Personalization.of(interactions, settings);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (InteractionType t : InteractionType.values()) {
      counts.put(t.wireName(), user.count(t));
    }
    List<Map.Entry<String, Double>> authors =
        user.authorAffinity().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(
                Map.Entry.<String, Double>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP)
            .toList();
    boolean known =
        !user.profile().interests().isEmpty()
            || !user.profile().bio().isEmpty()
            || !user.profile().follows().isEmpty()
            || user.profile().updatedAt() != null
            || user.counts().values().stream().anyMatch(n -> n > 0);
    return new UserInsights(
        user.userId(),
        known,
        personalization,
        WeightedName.of(
            profile.declared().entrySet().stream()
                .sorted(
                    Map.Entry.<String, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .toList()),
        WeightedName.of(profile.topLearned(TOP)),
        WeightedName.of(profile.aversions(TOP)),
        WeightedName.of(profile.top(TOP, settings.personalization(interactions))),
        counts,
        user.sessions(),
        WeightedName.of(authors),
        user.profile().follows(),
        user.recentItems().stream().limit(TOP).toList(),
        ranking == null ? null : RankingExplanation.of(ranking));
  }

  static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
