package io.overdrive.api.insights;

import io.overdrive.api.insights.UserStateReader.UserState;
import io.overdrive.api.users.UserController;
import io.overdrive.domain.InteractionType;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.RankingSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What Overdrive has learned about a user, in three views: the raw features the ranker reads
 * ({@code /features}), the interests with their weights ({@code /interests}) and a readable account
 * of why the feed looks the way it does ({@code /insights}). A user of whom nothing is stored gets
 * 404 (their ranking is a cold start).
 */
@RestController
@Tag(name = "insights", description = "what the system has learned about a user")
public class UserInsightsController {
  private static final int TOP = 10;

  private final UserStateReader reader;

  public UserInsightsController(UserStateReader reader) {
    this.reader = reader;
  }

  /**
   * A user's features as the ranker reads them.
   *
   * @param counts interactions by type, all time
   * @param meaningfulInteractions interactions other than impressions: what maturity counts
   * @param interestWeights learned interest weights decayed to {@code as_of}, strongest first;
   *     negative = aversion
   * @param authorAffinity learned author affinities decayed to {@code as_of}, strongest first
   * @param recentItems last engaged items, most recent first
   * @param personalization share of learned signals in the ranking blend (0 = cold start)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FeaturesView(
      String userId,
      Instant asOf,
      Map<String, Long> counts,
      long meaningfulInteractions,
      Map<String, Double> interestWeights,
      Map<String, Double> authorAffinity,
      List<String> recentItems,
      long sessions,
      long dwellMsTotal,
      Instant lastEventAt,
      double personalization,
      String variant) {}

  /**
   * @param declared from signup interests and bio, in [0, 1]
   * @param learned from behaviour, scaled so the strongest is 1; negative = aversion
   * @param combined declared and learned blended by the user's personalization, strongest first
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InterestsView(
      String userId,
      Map<String, Double> declared,
      Map<String, Double> learned,
      List<WeightedInterest> combined,
      double personalization) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record WeightedInterest(String interest, double weight, String source) {}

  /**
   * Why the feed looks the way it does.
   *
   * @param stage cold_start (no behaviour yet), warming_up (personalization below one half) or
   *     personalised
   * @param interactionsToHalf meaningful interactions still needed before learned signals carry
   *     half of the blend (0 once reached)
   * @param aversions interests the user keeps skipping or rejecting
   * @param topAuthors authors with the strongest learned affinity
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record InsightsView(
      String userId,
      String stage,
      double personalization,
      long meaningfulInteractions,
      long interactionsToHalf,
      String experiment,
      String variant,
      List<WeightedInterest> topInterests,
      List<String> aversions,
      List<String> topAuthors,
      List<String> followedAuthors,
      List<String> recentItems) {}

  @GetMapping("/features/{user_id}")
  @Operation(summary = "The user's features: counts, decayed interests, author affinity, sessions")
  public FeaturesView features(
      @PathVariable("user_id") @NotBlank @Size(max = UserController.MAX_USER_ID) String userId) {
    UserState s = state(userId);
    UserFeatures f = s.features();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (InteractionType t : InteractionType.values()) {
      counts.put(t.wireName(), f.count(t));
    }
    return new FeaturesView(
        userId,
        f.asOf(),
        counts,
        f.meaningfulInteractions(),
        strongestFirst(f.interestWeights(), Integer.MAX_VALUE),
        strongestFirst(f.authorAffinity(), Integer.MAX_VALUE),
        f.recentItems(),
        f.sessions(),
        f.dwellMsTotal(),
        f.lastEventAt(),
        round(s.personalization()),
        s.variant().name());
  }

  @GetMapping("/interests/{user_id}")
  @Operation(summary = "Declared (signup, bio) and learned (behaviour) interests with weights")
  public InterestsView interests(
      @PathVariable("user_id") @NotBlank @Size(max = UserController.MAX_USER_ID) String userId) {
    UserState s = state(userId);
    InterestProfile p = s.interests();
    return new InterestsView(
        userId,
        strongestFirst(p.declared(), Integer.MAX_VALUE),
        strongestFirst(p.learned(), Integer.MAX_VALUE),
        combined(p, s.personalization(), Integer.MAX_VALUE),
        round(s.personalization()));
  }

  @GetMapping("/insights/{user_id}")
  @Operation(summary = "Why the user's feed looks the way it does")
  public InsightsView insights(
      @PathVariable("user_id") @NotBlank @Size(max = UserController.MAX_USER_ID) String userId) {
    UserState s = state(userId);
    UserFeatures f = s.features();
    RankingSettings settings = s.variant().settings();
    double p = s.personalization();
    long n = f.meaningfulInteractions();
    String stage = n == 0 ? "cold_start" : p < 0.5 ? "warming_up" : "personalised";
    long toHalf = Math.max(0, (long) Math.ceil(settings.maturityHalfPoint()) - n);
    List<String> aversions =
        s.interests().learned().entrySet().stream()
            .filter(e -> e.getValue() < 0)
            .sorted(Map.Entry.comparingByValue())
            .limit(TOP)
            .map(Map.Entry::getKey)
            .toList();
    List<String> topAuthors =
        strongestFirst(f.authorAffinity(), TOP).entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(Map.Entry::getKey)
            .toList();
    return new InsightsView(
        userId,
        stage,
        round(p),
        n,
        toHalf,
        s.experiment(),
        s.variant().name(),
        combined(s.interests(), p, TOP).stream().filter(w -> w.weight() > 0).toList(),
        aversions,
        topAuthors,
        f.profile().follows(),
        f.recentItems());
  }

  private UserState state(String userId) {
    return reader
        .read(userId)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "nothing is stored about user '"
                        + userId
                        + "'; their ranking is a cold start on global signals"));
  }

  private static List<WeightedInterest> combined(InterestProfile p, double learnedShare, int n) {
    List<WeightedInterest> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : p.top(n, learnedShare)) {
      boolean declared = p.declared().containsKey(e.getKey());
      boolean learned = p.learned().containsKey(e.getKey());
      String source = declared && learned ? "both" : declared ? "declared" : "learned";
      out.add(new WeightedInterest(e.getKey(), round(e.getValue()), source));
    }
    return out;
  }

  private static Map<String, Double> strongestFirst(Map<String, Double> weights, int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    weights.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> out.put(e.getKey(), round(e.getValue())));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
