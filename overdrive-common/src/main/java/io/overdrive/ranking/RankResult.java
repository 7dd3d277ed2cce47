package io.overdrive.ranking;

import java.util.List;
import java.util.Map;

/**
 * A ranking with what a caller needs to trust it.
 *
 * @param personalization 0 = cold-start rules only, 1 = learned signals only
 * @param variant the experiment variant whose settings ranked this request ("control" when no
 *     experiment runs); clients echo it in their events' {@code experiment_variant}
 * @param candidateSource where candidates came from: "request", "retrieval", "fallback:..."
 * @param dropped candidates removed by filters, id -> {@code "Stage: reason"}
 * @param stageMillis time spent per stage, in pipeline order, for debugging and /insights
 * @param experiment the experiment the variant belongs to ("none" when none runs)
 * @param rankingId this answer's id in the served-ranking log (set by {@link ForYouService}); the
 *     events of its items name it
 */
public record RankResult(
    String userId,
    List<RankedItem> items,
    double personalization,
    String variant,
    String modelVersion,
    String candidateSource,
    Map<String, String> dropped,
    Map<String, Double> stageMillis,
    String experiment,
    String rankingId) {

  /** A ranking not yet given its id. */
  public RankResult(
      String userId,
      List<RankedItem> items,
      double personalization,
      String variant,
      String modelVersion,
      String candidateSource,
      Map<String, String> dropped,
      Map<String, Double> stageMillis,
      String experiment) {
    this(
        userId,
        items,
        personalization,
        variant,
        modelVersion,
        candidateSource,
        dropped,
        stageMillis,
        experiment,
        null);
  }

  public RankResult withRankingId(String id) {
    return new RankResult(
        userId,
        items,
        personalization,
        variant,
        modelVersion,
        candidateSource,
        dropped,
        stageMillis,
        experiment,
        id);
  }
}
