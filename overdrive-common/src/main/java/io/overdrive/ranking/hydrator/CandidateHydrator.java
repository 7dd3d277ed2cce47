package io.overdrive.ranking.hydrator;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.HydrationWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Set;

/**
 * Reads what the pipeline needs to know about each candidate (the catalogue entry, engagement
 * stats, interests) and writes the descriptive feature slots it declares. Runs after the candidate
 * sources, before filters and scorers.
 */
public interface CandidateHydrator extends RankingStage {
  /** The feature slots this hydrator writes; writing any other fails the request. */
  Set<FeatureSlot> writes();

  void hydrate(RankingQuery query, List<Candidate> candidates, HydrationWriter out);
}
