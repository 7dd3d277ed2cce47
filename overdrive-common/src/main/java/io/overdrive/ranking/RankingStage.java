package io.overdrive.ranking;

/**
 * One named step of the For You pipeline (candidate source, hydrator, filter, scorer, blender,
 * selector). A stage knows nothing of its neighbours; the pipeline's list says the order. Its name
 * tags its latency metric and is the word /insights uses to explain a ranking.
 */
public interface RankingStage {
  String name();

  void apply(RankingContext ctx);
}
