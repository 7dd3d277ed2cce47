package io.overdrive.ranking.scorer;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Set;

/**
 * Writes signals for each candidate into the feature slots it declares; the blender weighs them. A
 * slot is written by one stage only (the pipeline refuses to build otherwise), and a write to a
 * slot the scorer did not declare fails the request: a scorer cannot overwrite another's signal.
 */
public interface Scorer extends RankingStage {
  /** The feature slots this scorer writes. */
  Set<FeatureSlot> writes();

  void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out);
}
