package io.overdrive.ranking.blender;

import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;

/**
 * Turns the signals of every candidate into one score. A pipeline has one blender, after the last
 * scorer and before the first selector: it gives the {@link Blend} for the request, the pipeline
 * scores every candidate with it and uses it again to explain the selected items' scores.
 */
public interface Blender extends RankingStage {
  Blend blend(RankingQuery query);
}
