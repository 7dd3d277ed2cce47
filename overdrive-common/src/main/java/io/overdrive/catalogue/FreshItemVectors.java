package io.overdrive.catalogue;

import io.overdrive.model.TwoTowerFeatures;
import io.overdrive.model.TwoTowerModel;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Fresh items' vectors from a model's item tower: from their content alone (interests, words,
 * media, author, the caller's quality and engagement estimates), as the {@code TwoTowerScorer}
 * embeds an item the model was not trained on, so a fresh item lands in the index where the users
 * who like such content search.
 */
public final class FreshItemVectors {
  private FreshItemVectors() {}

  /**
   * @param known items the model was trained on (their trained vectors are already indexed)
   * @return item id -> unit vector, for the items the model does not know
   */
  public static Map<String, float[]> embed(
      TwoTowerModel towers, Collection<FreshItem> items, Predicate<String> known) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (FreshItem f : items) {
      if (known.test(f.id())) {
        continue;
      }
      out.put(
          f.id(),
          towers.itemVector(
              null,
              TwoTowerFeatures.itemTokens(
                  f.item(), f.interests(), 0, towers.settings().tokenBuckets())));
    }
    return out;
  }
}
