package io.overdrive.serving.index;

import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.model.UserEmbedder;
import io.overdrive.retrieval.RecentItemsEmbedder;
import io.overdrive.store.ErasedUsers;
import java.util.Optional;

/**
 * A user's query for the served index: the user tower of the index's own model version (so query
 * and items always come from one model, also during a swap), or, for a model without one, the mean
 * of the user's recent items' indexed vectors.
 */
public final class IndexUserEmbedder implements UserEmbedder {
  private final LiveIndex index;
  private final InterestTaxonomy taxonomy;
  private final double parentShare;
  private final RecentItemsEmbedder recentItems;

  private final ErasedUsers erased;

  /**
   * @param erased users erased within the dedup window are embedded without their id's learned row
   */
  public IndexUserEmbedder(
      LiveIndex index,
      InterestTaxonomy taxonomy,
      double parentShare,
      int recentItemsForQuery,
      ErasedUsers erased) {
    this.index = index;
    this.erased = erased;
    this.taxonomy = taxonomy;
    this.parentShare = parentShare;
    this.recentItems =
        new RecentItemsEmbedder(index::vector, index::modelVersion, recentItemsForQuery);
  }

  @Override
  public Optional<float[]> embed(UserFeatures user) {
    TwoTowerModel tower = index.current().map(LiveIndex.Generation::userTower).orElse(null);
    if (tower == null) {
      return recentItems.embed(user);
    }
    return Optional.of(
        tower.userVector(
            erased.erased(user.userId()) ? null : user.userId(),
            InterestProfile.of(user, taxonomy, parentShare),
            user.recentItems()));
  }

  @Override
  public String modelVersion() {
    return index.modelVersion();
  }
}
