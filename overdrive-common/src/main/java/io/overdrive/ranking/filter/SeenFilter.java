package io.overdrive.ranking.filter;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Drops items the user already engaged with: a For You feed does not repeat itself. */
public final class SeenFilter implements Filter {
  @Override
  public String name() {
    return "SeenFilter";
  }

  @Override
  public FilterResult filter(RankingQuery query, List<Candidate> candidates) {
    if (query.user() == null || query.user().recentItems().isEmpty()) {
      return FilterResult.keepAll(candidates);
    }
    Set<String> seen = new HashSet<>(query.user().recentItems());
    FilterResult.Builder result = FilterResult.of(candidates);
    for (Candidate c : candidates) {
      if (seen.contains(c.id())) {
        result.remove(c, "already engaged");
      }
    }
    return result.build();
  }
}
