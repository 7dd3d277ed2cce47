package io.overdrive.ranking.stages;

import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.store.FeatureStore;

/**
 * Loads the user's features in one store round trip, derives the interest profile (declared and
 * learned) and how personalised the ranking should be (the maturity curve of the settings).
 */
public final class UserHydrator implements RankingStage {
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
  public void apply(RankingContext ctx) {
    var user = store.user(ctx.request().userId(), ctx.now());
    ctx.user(user);
    ctx.interests(InterestProfile.of(user, taxonomy, parentShare));
    ctx.personalization(ctx.settings().personalization(user.meaningfulInteractions()));
  }
}
