package io.overdrive.ranking.scorer;

import io.overdrive.domain.ItemStats;
import io.overdrive.features.FeatureSlot;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.ScoreScale;
import io.overdrive.model.TwoTowerFeatures;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.Signals;
import io.overdrive.store.ErasedUsers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores candidates with the two-tower model: the user's query vector against each item's vector
 * (precomputed for items the model was trained on, from content for new ones), as {@link
 * Signals#TWO_TOWER} on a (-1, 1) scale ({@link ScoreScale}). No model, no signal.
 */
public final class TwoTowerScorer implements ModelScorer {
  private static final Set<FeatureSlot> WRITES = Set.of(FeatureSlot.TWO_TOWER);

  /** New items' vectors kept per model version (content rarely changes; bounded). */
  private static final int NEW_ITEM_CACHE = 50_000;

  private final ModelRegistry registry;
  private volatile String cachedVersion = "";
  private final Map<String, float[]> newItems = new ConcurrentHashMap<>();

  private final ErasedUsers erased;

  public TwoTowerScorer(ModelRegistry registry) {
    this(registry, ErasedUsers.NONE);
  }

  /**
   * @param erased users erased within the dedup window score without their id's learned row
   */
  public TwoTowerScorer(ModelRegistry registry, ErasedUsers erased) {
    this.registry = registry;
    this.erased = erased;
  }

  @Override
  public String name() {
    return "TwoTowerScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public Optional<String> score(RankingQuery q, List<Candidate> candidates, FeatureWriter out) {
    LoadedModel model = registry.current().orElse(null);
    if (model == null || model.twoTower().isEmpty() || q.user() == null) {
      return Optional.empty();
    }
    TwoTowerModel towers = model.twoTower().get();
    String id = q.user().userId();
    float[] query =
        towers.userVector(erased.erased(id) ? null : id, q.interests(), q.user().recentItems());
    ScoreScale.Query scale = model.twoTowerScale().forQuery(query);
    for (Candidate c : candidates) {
      int row = model.itemIndex(c.id());
      double score = row >= 0 ? model.itemScore(query, row) : dot(query, newItem(model, towers, c));
      out.set(c, FeatureSlot.TWO_TOWER, scale.signal(score), null);
    }
    return Optional.of(model.version());
  }

  private float[] newItem(LoadedModel model, TwoTowerModel towers, Candidate c) {
    if (!cachedVersion.equals(model.version()) || newItems.size() > NEW_ITEM_CACHE) {
      newItems.clear();
      cachedVersion = model.version();
    }
    return newItems.computeIfAbsent(
        c.id(),
        id ->
            towers.itemVector(
                null,
                TwoTowerFeatures.itemTokens(
                    c.item(),
                    c.interests(),
                    interactions(c.stats()),
                    towers.settings().tokenBuckets())));
  }

  /** Users who engaged with the item, as the trainer counts them (views or engagements). */
  static long interactions(ItemStats s) {
    return s == null ? 0 : Math.max(s.views(), s.positiveEngagements());
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
