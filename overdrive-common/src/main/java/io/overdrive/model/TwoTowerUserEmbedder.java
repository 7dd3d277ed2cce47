package io.overdrive.model;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import java.util.Optional;

/**
 * The {@link UserEmbedder} of the current two-tower model: a user's query vector for retrieval (ANN
 * search over {@code item_embeddings.f32}). Empty while no model with a two-tower part is loaded.
 */
public final class TwoTowerUserEmbedder implements UserEmbedder {
  private final ModelRegistry registry;
  private final InterestTaxonomy taxonomy;
  private final double parentShare;

  public TwoTowerUserEmbedder(
      ModelRegistry registry, InterestTaxonomy taxonomy, double parentShare) {
    this.registry = registry;
    this.taxonomy = taxonomy;
    this.parentShare = parentShare;
  }

  @Override
  public Optional<float[]> embed(UserFeatures user) {
    return registry
        .current()
        .flatMap(LoadedModel::twoTower)
        .map(
            model ->
                model.userVector(
                    user.userId(),
                    InterestProfile.of(user, taxonomy, parentShare),
                    user.recentItems()));
  }

  @Override
  public String modelVersion() {
    return registry.currentVersion();
  }
}
