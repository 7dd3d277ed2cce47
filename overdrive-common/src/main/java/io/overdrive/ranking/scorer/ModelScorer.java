package io.overdrive.ranking.scorer;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A scorer backed by a model loaded at run time (two-tower, sequence): like a {@link Scorer} it
 * writes only the slots it declares, and it says which model version scored (the response's {@code
 * model_version}). Without a loaded model it writes nothing and returns empty; the blend then gives
 * the signal's weight to the others.
 */
public interface ModelScorer extends RankingStage {
  /** The feature slots this scorer writes. */
  Set<FeatureSlot> writes();

  /**
   * @return the version of the model that scored, or empty when no model is loaded
   */
  Optional<String> score(RankingQuery query, List<Candidate> candidates, FeatureWriter out);
}
