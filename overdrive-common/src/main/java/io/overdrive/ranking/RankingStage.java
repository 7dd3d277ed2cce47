package io.overdrive.ranking;

/**
 * What every component of the For You pipeline has: a name. The name tags the component's latency
 * metric ({@link RankingPipeline#STAGE_TIMER}), is attributed to every feature slot it writes, and
 * so is the first word of the reasons and of /insights' explanation. What a component may do is its
 * kind's contract: {@link io.overdrive.ranking.hydrator.QueryHydrator}, {@link
 * io.overdrive.ranking.source.CandidateSource}, {@link
 * io.overdrive.ranking.hydrator.CandidateHydrator}, {@link io.overdrive.ranking.filter.Filter},
 * {@link io.overdrive.ranking.scorer.Scorer}, {@link io.overdrive.ranking.scorer.ModelScorer},
 * {@link io.overdrive.ranking.blender.Blender}, {@link io.overdrive.ranking.selector.Selector}. A
 * component knows nothing of its neighbours; {@link ForYouPipelines} says the order.
 */
public interface RankingStage {
  String name();
}
