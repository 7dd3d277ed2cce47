package io.overdrive.ranking.stages;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Blends the cold-start score (declared interests and global priors) with the learned score
 * (behaviour and models) by how well the system knows the user: {@code (1 - p) * cold + p *
 * learned}, with p from {@link io.overdrive.ranking.RankingSettings#personalization}. A signal that
 * no stage produced (no model loaded) gives its weight to the others. Writes each candidate's
 * reasons: the signals that contributed most.
 */
public final class MaturityBlender implements RankingStage {
  private static final double REASON_MIN_CONTRIBUTION = 0.04;
  private static final int MAX_REASONS = 3;

  @Override
  public String name() {
    return "MaturityBlender";
  }

  @Override
  public void apply(RankingContext ctx) {
    double p = ctx.personalization();
    Map<String, Double> cold = ctx.settings().coldWeights();
    Map<String, Double> learned = ctx.settings().learnedWeights();
    for (Candidate c : ctx.candidates()) {
      Map<String, Double> share = new HashMap<>();
      addShares(share, cold, c, 1 - p);
      addShares(share, learned, c, p);
      double score = 0;
      List<Map.Entry<String, Double>> contributions = new ArrayList<>();
      for (Map.Entry<String, Double> e : share.entrySet()) {
        double contribution = e.getValue() * c.signal(e.getKey());
        score += contribution;
        contributions.add(Map.entry(e.getKey(), contribution));
      }
      c.score(score);
      c.reasons().clear();
      contributions.stream()
          .filter(e -> e.getValue() >= REASON_MIN_CONTRIBUTION)
          .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
          .limit(MAX_REASONS)
          .forEach(e -> c.reasons().add(reason(c, e.getKey())));
    }
  }

  /** Adds {@code factor * w / sum(w)} per signal the candidate has, for signals of the map. */
  private static void addShares(
      Map<String, Double> share, Map<String, Double> weights, Candidate c, double factor) {
    if (factor <= 0) {
      return;
    }
    double total = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      if (c.signals().containsKey(e.getKey())) {
        total += e.getValue();
      }
    }
    if (total <= 0) {
      return;
    }
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      if (c.signals().containsKey(e.getKey())) {
        share.merge(e.getKey(), factor * e.getValue() / total, Double::sum);
      }
    }
  }

  private static String reason(Candidate c, String signal) {
    String detail = c.signalDetail(signal);
    return detail == null ? signal : signal + ":" + detail;
  }
}
