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
    if (ctx.user() == null || ctx.user().recentItems().isEmpty()) {
      return;
    }
    Set<String> seen = new HashSet<>(ctx.user().recentItems());
    for (Candidate c : ctx.candidates()) {
      if (seen.contains(c.id())) {
        c.drop("already engaged");
      }
    }
  }
}
