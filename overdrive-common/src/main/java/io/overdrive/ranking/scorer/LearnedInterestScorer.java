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
 * Interest match of each candidate against the interests learned from the user's behaviour (a rule
 * over the stored interest weights, not a model: those are the {@link ModelScorer}s), each weighted
 * by how much of the item is about it ({@link ItemInterests}): the strongest liked interest of the
 * item, pulled below zero by its strongest aversion (skips, not-interested, reports), so one
 * disliked topic can sink an otherwise matching post.
 */
public final class LearnedInterestScorer implements Scorer {
  private static final Set<FeatureSlot> WRITES =
      Set.of(FeatureSlot.LEARNED_INTEREST, FeatureSlot.INTEREST_AVERSION);

  @Override
  public String name() {
    return "LearnedInterestScorer";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
    Map<String, Double> learned = query.interests().learned();
    for (Candidate c : candidates) {
      String best = null;
      double like = 0;
      double aversion = 0;
      String worst = null;
      ItemInterests item = c.weightedInterests();
      List<String> interests = item.interests();
      if (!learned.isEmpty()) {
        for (int i = 0; i < interests.size(); i++) {
          String interest = interests.get(i);
          Double weight = learned.get(interest);
          if (weight == null) {
            continue;
          }
          double l = weight * item.weights()[i];
          if (l > like) {
            like = l;
            best = interest;
          }
          if (l < aversion) {
            aversion = l;
            worst = interest;
          }
        }
      }
      double value = Math.max(-1, like + aversion);
      out.set(c, FeatureSlot.LEARNED_INTEREST, value, value < 0 ? "-" + worst : best);
      out.set(c, FeatureSlot.INTEREST_AVERSION, aversion, worst);
    }
  }
}
