package io.overdrive.model;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.store.ErasedUsers;
import java.util.Optional;

/**
 * The {@link UserEmbedder} of the current two-tower model: a user's query vector for retrieval (ANN
 * search over {@code item_embeddings.f32}). Empty while no model with a two-tower part is loaded.
 */
public final class TwoTowerUserEmbedder implements UserEmbedder {
  private final ModelRegistry registry;
  private final InterestTaxonomy taxonomy;
  private final double parentShare;

  private final ErasedUsers erased;

  public TwoTowerUserEmbedder(
      ModelRegistry registry, InterestTaxonomy taxonomy, double parentShare) {
    this(registry, taxonomy, parentShare, ErasedUsers.NONE);
  }

  /**
   * @param erased users erased within the dedup window are embedded without their id's learned row
   */
  public TwoTowerUserEmbedder(
      ModelRegistry registry, InterestTaxonomy taxonomy, double parentShare, ErasedUsers erased) {
    this.registry = registry;
    this.taxonomy = taxonomy;
    this.parentShare = parentShare;
    this.erased = erased;
  }

  @Override
  public Optional<float[]> embed(UserFeatures user) {
    return registry
        .current()
        .flatMap(LoadedModel::twoTower)
        .map(
            model ->
                model.userVector(
                    erased.erased(user.userId()) ? null : user.userId(),
                    InterestProfile.of(user, taxonomy, parentShare),
                    user.recentItems()));
  }

  @Override
  public String modelVersion() {
    return registry.currentVersion();
  }
}
