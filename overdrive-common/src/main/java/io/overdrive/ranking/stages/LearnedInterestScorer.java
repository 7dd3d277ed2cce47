package io.overdrive.ranking.stages;

import io.overdrive.features.FeatureSlot;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.List;
import java.util.Map;

/**
 * Interest match of each candidate against the behaviour-learned interests, each weighted by how
 * much of the item is about it ({@link io.overdrive.interests.ItemInterests}): the strongest liked
 * interest of the item, pulled below zero by its strongest aversion (skips, not-interested,
 * reports), so one disliked topic can sink an otherwise matching post.
 */
public final class LearnedInterestScorer implements RankingStage {
  @Override
  public String name() {
    return "LearnedInterestScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Map<String, Double> learned = ctx.interests().learned();
    for (Candidate c : ctx.candidates()) {
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
      c.signal(FeatureSlot.LEARNED_INTEREST, value, value < 0 ? "-" + worst : best);
      c.signal(FeatureSlot.INTEREST_AVERSION, aversion, worst);
    }
  }
}
