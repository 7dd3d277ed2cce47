package io.overdrive.ranking.scorer;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authors the user follows (from signup, or learned by a strong affinity such as a follow event),
 * and the affinity learned from how they treat an author's posts. Every candidate gets both signals
 * (0 when nothing is known), so the blend weighs all candidates alike.
 */
public final class AuthorScorer implements Scorer {
  private static final Set<FeatureSlot> WRITES =
      Set.of(FeatureSlot.FOLLOWED_AUTHOR, FeatureSlot.AUTHOR_AFFINITY);

  /** A learned affinity at least this strong counts as following (one follow event is 3). */
  public static final double FOLLOW_AFFINITY = 2.5;

  @Override
  public String name() {
    return "AuthorScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
    Set<String> follows =
        query.user() == null ? Set.of() : new HashSet<>(query.user().profile().follows());
    Map<String, Double> affinity = query.user() == null ? Map.of() : query.user().authorAffinity();
    for (Candidate c : candidates) {
      String author = c.item().authorId();
      Double known = author == null ? null : affinity.get(author); // no boxed default per item
      double a = known == null ? 0 : known;
      boolean followed = author != null && (follows.contains(author) || a >= FOLLOW_AFFINITY);
      out.set(c, FeatureSlot.FOLLOWED_AUTHOR, followed ? 1 : 0, followed ? author : null);
      out.set(c, FeatureSlot.AUTHOR_AFFINITY, Math.tanh(a), a != 0 ? author : null);
    }
  }
}
