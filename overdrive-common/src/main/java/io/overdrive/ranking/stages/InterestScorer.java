package io.overdrive.ranking.stages;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.ranking.Signals;
import java.util.Map;

/**
 * Interest match of each candidate: against the declared interests (signup, bio) and against the
 * behaviour-learned ones, where an aversion (skips, not-interested) pulls the signal below zero.
 */
public final class InterestScorer implements RankingStage {
  @Override
  public String name() {
    return "InterestScorer";
  }

  @Override
  public void apply(RankingContext ctx) {
    Map<String, Double> declared = ctx.interests().declared();
    Map<String, Double> learned = ctx.interests().learned();
    for (Candidate c : ctx.candidates()) {
      String bestDeclared = null;
      double declaredScore = 0;
      String bestLearned = null;
      double like = 0;
      double aversion = 0;
      for (String interest : c.interests()) {
        double d = declared.getOrDefault(interest, 0.0);
        if (d > declaredScore) {
          declaredScore = d;
          bestDeclared = interest;
        }
        double l = learned.getOrDefault(interest, 0.0);
        if (l > like) {
          like = l;
          bestLearned = interest;
        }
        aversion = Math.min(aversion, l);
      }
      c.signal(Signals.DECLARED_INTEREST, declaredScore, bestDeclared);
      c.signal(Signals.LEARNED_INTEREST, Math.max(-1, like + aversion), bestLearned);
    }
  }
}
