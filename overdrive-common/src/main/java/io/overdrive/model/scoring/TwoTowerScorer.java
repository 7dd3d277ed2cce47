package io.overdrive.model.scoring;

import io.overdrive.domain.ItemStats;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.ScoreScale;
import io.overdrive.model.TwoTowerFeatures;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.LearnedScorer;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.Signals;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores candidates with the two-tower model: the user's query vector against each item's vector
 * (precomputed for items the model was trained on, from content for new ones), as {@link
 * Signals#TWO_TOWER} on a (-1, 1) scale ({@link ScoreScale}). No model, no signal.
 */
public final class TwoTowerScorer implements LearnedScorer {
  /** New items' vectors kept per model version (content rarely changes; bounded). */
  private static final int NEW_ITEM_CACHE = 50_000;

  private final ModelRegistry registry;
  private volatile String cachedVersion = "";
  private final Map<String, float[]> newItems = new ConcurrentHashMap<>();

  public TwoTowerScorer(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "TwoTowerScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    LoadedModel model = registry.current().orElse(null);
    if (model == null || model.twoTower().isEmpty() || ctx.user() == null) {
      return;
    }
    TwoTowerModel towers = model.twoTower().get();
    float[] query =
        towers.userVector(ctx.user().userId(), ctx.interests(), ctx.user().recentItems());
    ScoreScale.Query scale = model.twoTowerScale().forQuery(query);
    for (Candidate c : ctx.candidates()) {
      int row = model.itemIndex(c.id());
      double score = row >= 0 ? model.itemScore(query, row) : dot(query, newItem(model, towers, c));
      c.signal(Signals.TWO_TOWER, scale.signal(score), null);
    }
    ctx.modelVersion(model.version());
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
