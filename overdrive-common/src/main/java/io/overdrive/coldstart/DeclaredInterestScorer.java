package io.overdrive.coldstart;

import io.overdrive.features.FeatureSlot;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Map;

/**
 * Interest match of each candidate against what the user declared: signup interests (weight 1),
 * #hashtags in the bio (0.8) and bio words the taxonomy knows (0.6), times how much of the item is
 * about the interest ({@link ItemInterests}), at the best-matching interest. Groupings carry it
 * both ways: an item on {@code #ps5} is also on {@code gaming} (the item's interests include their
 * groupings), and a user who declared {@code running} half-declared {@code fitness}, so a {@code
 * yoga} post (also on {@code fitness}) matches at the grouping's weight.
 */
public final class DeclaredInterestScorer implements RankingStage {
  @Override
  public String name() {
    return "DeclaredInterestScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Map<String, Double> declared = ctx.interests().declared();
    for (Candidate c : ctx.candidates()) {
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
      c.signal(FeatureSlot.DECLARED_INTEREST, score, best);
    }
  }
}
