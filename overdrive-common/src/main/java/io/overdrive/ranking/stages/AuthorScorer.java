package io.overdrive.ranking.stages;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.ranking.Signals;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Authors the user follows, and the affinity learned from how they treat an author's posts. */
public final class AuthorScorer implements RankingStage {
  @Override
  public String name() {
    return "AuthorScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Set<String> follows = new HashSet<>(ctx.user().profile().follows());
    Map<String, Double> affinity = ctx.user().authorAffinity();
    for (Candidate c : ctx.candidates()) {
      String author = c.item().authorId();
      if (author == null) {
        continue;
      }
      boolean followed = follows.contains(author) || affinity.getOrDefault(author, 0.0) >= 2.5;
      c.signal(Signals.FOLLOWED_AUTHOR, followed ? 1 : 0, followed ? author : null);
      double a = affinity.getOrDefault(author, 0.0);
      if (a != 0) {
        c.signal(Signals.AUTHOR_AFFINITY, Math.tanh(a), author);
      }
    }
  }
}
