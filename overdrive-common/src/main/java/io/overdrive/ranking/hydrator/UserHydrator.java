package io.overdrive.ranking.hydrator;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.store.FeatureStore;
import java.time.Instant;

/**
 * Loads the user's features in one store round trip, derives the interest profile (declared and
 * learned) and how personalised the ranking should be (the maturity curve of the settings).
 */
public final class UserHydrator implements QueryHydrator {
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;
  private final double parentShare;

  public UserHydrator(FeatureStore store, InterestTaxonomy taxonomy, double parentShare) {
    this.store = store;
    this.taxonomy = taxonomy;
    this.parentShare = parentShare;
  }

  @Override
  public String name() {
    return "UserHydrator";
  }

  @Override
  public HydratedUser hydrate(RankRequest request, Instant now, RankingSettings settings) {
    // a store caching item reads loads the candidates it lacks with the user: one round trip
    UserFeatures user = store.userBeforeItems(request.userId(), now, request.candidates());
    return new HydratedUser(
        user,
        InterestProfile.of(user, taxonomy, parentShare),
        settings.personalization(user.meaningfulInteractions()));
  }
}
