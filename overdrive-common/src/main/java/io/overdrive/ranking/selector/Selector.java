package io.overdrive.ranking.selector;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.List;

/**
 * Picks the response: from the scored candidates still in the running, and what the selectors
 * before it picked, the items in order ({@link Selection}), at most the request's limit. A selector
 * may tag its picks with a reason ("ExplorationMixer:exploration:travel").
 */
public interface Selector extends RankingStage {
  /**
   * @param candidates every candidate still in the running, scored
   * @param selected what the selectors before this one picked, in order (empty for the first)
   */
  Selection select(RankingQuery query, List<Candidate> candidates, List<Candidate> selected);
}
