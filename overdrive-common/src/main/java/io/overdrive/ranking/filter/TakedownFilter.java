package io.overdrive.ranking.filter;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.util.List;

/**
 * Drops items the catalogue has taken down ({@code DELETE /items/{id}}), wherever they came from:
 * retrieval, the fresh pool, the newest-items fallback, or a request that names them as candidates.
 * The first filter: nothing taken down is scored or shown.
 */
public final class TakedownFilter implements Filter {
  public static final String NAME = "TakedownFilter";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult filter(RankingQuery query, List<Candidate> candidates) {
    FilterResult.Builder result = null;
    for (Candidate c : candidates) {
      if (c.takenDown()) {
        if (result == null) {
          result = FilterResult.of(candidates);
        }
        result.remove(c, "taken down");
      }
    }
    return result == null ? FilterResult.keepAll(candidates) : result.build();
  }
}
