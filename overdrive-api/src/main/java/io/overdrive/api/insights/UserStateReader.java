package io.overdrive.api.insights;

import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.store.FeatureStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads what the system knows of a user the way the ranker sees it: the same store read, the same
 * interest profile and the same experiment variant (and so the same maturity curve).
 */
@Component
public class UserStateReader {
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;
  private final LearningSettings learning;
  private final ForYouRanker ranker;
  private final Clock clock;

  public UserStateReader(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      ForYouRanker ranker,
      Clock clock) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.learning = learning;
    this.ranker = ranker;
    this.clock = clock;
  }

  /**
   * @param personalization share of learned signals in this user's blend (0 = cold start)
   */
  public record UserState(
      UserFeatures features,
      boolean hasProfile,
      InterestProfile interests,
      Variant variant,
      String experiment,
      double personalization) {}

  /** The user's state, or empty when nothing at all is stored about them. */
  public Optional<UserState> read(String userId) {
    UserFeatures f = store.user(userId, clock.instant());
    boolean hasProfile = store.profile(userId).isPresent();
    if (!hasProfile && f.lastEventAt() == null && f.meaningfulInteractions() == 0) {
      return Optional.empty();
    }
    Variant variant = ranker.experiments().assign(userId);
    return Optional.of(
        new UserState(
            f,
            hasProfile,
            InterestProfile.of(f, taxonomy, learning.parentShare()),
            variant,
            ranker.experiments().experiment().name(),
            variant.settings().personalization(f.meaningfulInteractions())));
  }
}
