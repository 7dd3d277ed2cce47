package io.overdrive.ranking.stages;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.HashSet;
import java.util.Set;

/** Drops items the user already engaged with: a For You feed does not repeat itself. */
public final class SeenFilter implements RankingStage {
  @Override
  public String name() {
    return "SeenFilter";
  }

  @Override
  public void apply(RankingContext ctx) {
    Set<String> seen = new HashSet<>(ctx.user().recentItems());
    if (seen.isEmpty()) {
      return;
    }
    for (Candidate c : ctx.candidates()) {
      if (seen.contains(c.id())) {
        c.drop("already engaged");
      }
    }
  }
}
