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
 * @param degradedReason why this ranking was made without the feature store (it was unreachable:
 *     cold-start rules over what this process remembers), or null for a full ranking
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
    String rankingId,
    String degradedReason) {

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
        null,
        null);
  }

  /** True when the ranking was made without the feature store ({@link #degradedReason}). */
  public boolean degraded() {
    return degradedReason != null;
  }

  /** This ranking, marked as made without the feature store for {@code reason}. */
  public RankResult degraded(String reason) {
    return with(rankingId, reason);
  }

  public RankResult withRankingId(String id) {
    return with(id, degradedReason);
  }

  private RankResult with(String id, String reason) {
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
        id,
        reason);
  }
}
