package io.overdrive.ranking.filter;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Set;

/**
 * Removes candidates that must not be shown, saying why: it returns what it kept and what it
 * removed ({@link FilterResult}); the response lists each removed candidate under {@code dropped}
 * as {@code "Stage: reason"}. A filter reads candidates, it never changes them.
 */
public interface Filter extends RankingStage {
  /**
   * The feature slots this filter reads. The pipeline refuses to build when a stage before the
   * filter does not write them (a quality filter placed before the scorer of quality).
   */
  default Set<FeatureSlot> reads() {
    return Set.of();
  }

  FilterResult filter(RankingQuery query, List<Candidate> candidates);
}
