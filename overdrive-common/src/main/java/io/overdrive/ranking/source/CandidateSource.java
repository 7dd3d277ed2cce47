package io.overdrive.ranking.source;

import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingStage;
import java.util.Optional;

/**
 * Adds candidates to a request (retrieval). Runs after the query hydrator, before the candidate
 * hydrators: what it returns is appended to the request's own candidates as bare items the
 * hydrators then fill. A source that has nothing to add (e.g. the request brought its candidates)
 * returns empty, and the response's candidate source stays {@code request}.
 */
public interface CandidateSource extends RankingStage {
  Optional<SourcedCandidates> fetch(RankingQuery query);
}
