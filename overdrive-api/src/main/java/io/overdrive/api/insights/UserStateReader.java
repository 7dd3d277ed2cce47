package io.overdrive.api.insights;

import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.insights.UserInsights;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.FeatureStore;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads what the system knows of a user the way the ranker sees it: one store read, the same
 * interest profile and the user's experiment variant (and so the same maturity curve).
 */
@Component
public class UserStateReader {
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;
  private final LearningSettings learning;
  private final ExperimentAssigner experiments;
  private final Clock clock;

  public UserStateReader(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      ExperimentAssigner experiments,
      Clock clock) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.learning = learning;
    this.experiments = experiments;
    this.clock = clock;
  }

  /** A user's features, interest profile and insights under their experiment variant. */
  public record UserState(
      UserFeatures features,
      InterestProfile interests,
      UserInsights insights,
      String experiment,
      Variant variant) {}

  /** The user's state, or empty when nothing at all is stored about them. */
  public Optional<UserState> read(String userId) {
    UserFeatures f = store.user(userId, clock.instant());
    Variant variant = experiments.assign(userId);
    UserInsights insights =
        UserInsights.of(f, taxonomy, variant.settings(), learning.parentShare(), null);
    if (!insights.known()) {
      return Optional.empty();
    }
    return Optional.of(
        new UserState(
            f,
            InterestProfile.of(f, taxonomy, learning.parentShare()),
            insights,
            experiments.experiment().name(),
            variant));
  }
}
