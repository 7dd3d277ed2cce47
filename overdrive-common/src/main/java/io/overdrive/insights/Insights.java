package io.overdrive.insights;

import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.RankResult;
import io.overdrive.store.FeatureStore;
import java.time.Instant;

/**
 * Computes {@link UserInsights} from the feature store: one user read (one round trip), the user's
 * experiment variant's settings, and optionally a ranking to explain. What {@code GET
 * /insights/{user_id}} calls.
 */
public final class Insights {
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;
  private final LearningSettings learning;
  private final ExperimentAssigner experiments;

  public Insights(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      ExperimentAssigner experiments) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.learning = learning;
    this.experiments = experiments;
  }

  /**
   * @param ranking a ranking of this user to explain (e.g. the one just served), or null
   */
  public UserInsights forUser(String userId, Instant now, RankResult ranking) {
    UserFeatures user = store.user(userId, now);
    return UserInsights.of(
        user, taxonomy, experiments.assign(userId).settings(), learning.parentShare(), ranking);
  }
}
