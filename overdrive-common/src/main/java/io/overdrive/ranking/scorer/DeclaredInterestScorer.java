package io.overdrive.ranking.scorer;

import io.overdrive.features.FeatureSlot;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.FeatureWriter;
import io.overdrive.ranking.RankingQuery;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interest match of each candidate against what the user declared: signup interests (weight 1),
 * #hashtags in the bio (0.8) and bio words the taxonomy knows (0.6), times how much of the item is
 * about the interest ({@link ItemInterests}), at the best-matching interest. Groupings carry it
 * both ways: an item on {@code #ps5} is also on {@code gaming} (the item's interests include their
 * groupings), and a user who declared {@code running} half-declared {@code fitness}, so a {@code
 * yoga} post (also on {@code fitness}) matches at the grouping's weight. What a new user's feed
 * rests on (cold start).
 */
public final class DeclaredInterestScorer implements Scorer {
  private static final Set<FeatureSlot> WRITES = Set.of(FeatureSlot.DECLARED_INTEREST);

  @Override
  public String name() {
    return "DeclaredInterestScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
    Map<String, Double> declared = query.interests().declared();
    for (Candidate c : candidates) {
      String best = null;
      double score = 0;
      if (!declared.isEmpty()) {
        ItemInterests item = c.weightedInterests();
        List<String> interests = item.interests();
        for (int i = 0; i < interests.size(); i++) {
          Double d = declared.get(interests.get(i));
          if (d != null && d * item.weights()[i] > score) {
            score = d * item.weights()[i];
            best = interests.get(i);
          }
        }
      }
      out.set(c, FeatureSlot.DECLARED_INTEREST, score, best);
    }
  }
}
