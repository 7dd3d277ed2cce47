package io.overdrive.ranking;

import java.util.List;
import java.util.Map;

/**
 * One item of a ranking: 1-based rank, blended score, and why it is there.
 *
 * @param reasons the strongest contributions as {@code Stage:signal[:detail]} words, then reasons
 *     selection stages added (exploration, diversity); see docs/ranking.md for the vocabulary
 * @param contributions every blended signal's part in the score, largest first
 * @param features the item's feature vector by slot name (present slots only)
 */
public record RankedItem(
    String id,
    double score,
    int rank,
    List<String> reasons,
    List<Contribution> contributions,
    Map<String, Double> features) {

  public RankedItem {
    reasons = List.copyOf(reasons);
    contributions = contributions == null ? List.of() : List.copyOf(contributions);
    features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(features);
  }
}
