package io.overdrive.ranking.stages;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Authors the user follows (from signup, or learned by a strong affinity such as a follow event),
 * and the affinity learned from how they treat an author's posts. Every candidate gets both signals
 * (0 when nothing is known), so the blend weighs all candidates alike.
 */
public final class AuthorScorer implements RankingStage {
  /** A learned affinity at least this strong counts as following (one follow event is 3). */
  public static final double FOLLOW_AFFINITY = 2.5;

  @Override
  public String name() {
    return "AuthorScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Set<String> follows =
        ctx.user() == null ? Set.of() : new HashSet<>(ctx.user().profile().follows());
    Map<String, Double> affinity = ctx.user() == null ? Map.of() : ctx.user().authorAffinity();
    for (Candidate c : ctx.candidates()) {
      String author = c.item().authorId();
      double a = author == null ? 0 : affinity.getOrDefault(author, 0.0);
      boolean followed = author != null && (follows.contains(author) || a >= FOLLOW_AFFINITY);
      c.signal(FeatureSlot.FOLLOWED_AUTHOR, followed ? 1 : 0, followed ? author : null);
      c.signal(FeatureSlot.AUTHOR_AFFINITY, Math.tanh(a), a != 0 ? author : null);
    }
  }
}
