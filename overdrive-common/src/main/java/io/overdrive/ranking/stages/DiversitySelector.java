package io.overdrive.ranking.stages;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Selects the top N by maximal marginal relevance (Carbonell & Goldstein, 1998): each slot goes to
 * the candidate maximising {@code lambda * score - (1 - lambda) * maxSimilarity(selected)}, where
 * similarity is interest overlap plus same author, under hard caps per author and per interest.
 * Caps are relaxed only when nothing else is left to fill the feed; such picks say so in their
 * reasons.
 */
public final class DiversitySelector implements RankingStage {
  static final String RELAXED = "diversity_relaxed";

  @Override
  public String name() {
    return "DiversitySelector";
  }

  @Override
  public void apply(RankingContext ctx) {
    int limit = ctx.request().limit();
    double lambda = ctx.settings().mmrLambda();
    int authorCap = ctx.settings().maxPerAuthor();
    int interestCap = Math.max(1, (int) Math.ceil(ctx.settings().maxInterestShare() * limit));

    List<Candidate> pool = new ArrayList<>(ctx.candidates());
    pool.sort(Comparator.comparingDouble((Candidate c) -> c.score()).reversed());
    // only the head of the pool can make the cut; this bounds the work at O(limit * head)
    int head = Math.min(pool.size(), Math.max(limit * 8, 64));
    List<Candidate> window = new ArrayList<>(pool.subList(0, head));
    double[] maxSim = new double[window.size()];
    boolean[] taken = new boolean[window.size()];
    Map<String, Integer> perAuthor = new HashMap<>();
    Map<String, Integer> perInterest = new HashMap<>();
    List<Candidate> selected = new ArrayList<>();

    while (selected.size() < limit) {
      int best =
          pick(window, taken, maxSim, lambda, perAuthor, perInterest, authorCap, interestCap);
      boolean relaxed = false;
      if (best < 0) {
        best = pick(window, taken, maxSim, lambda, null, null, 0, 0);
        relaxed = true;
      }
      if (best < 0) {
        break;
      }
      Candidate c = window.get(best);
      taken[best] = true;
      if (relaxed) {
        c.reasons().add(RELAXED);
      }
      selected.add(c);
      if (c.item().authorId() != null) {
        perAuthor.merge(c.item().authorId(), 1, Integer::sum);
      }
      for (String i : c.interests()) {
        perInterest.merge(i, 1, Integer::sum);
      }
      Set<String> ci = new HashSet<>(c.interests());
      for (int j = 0; j < window.size(); j++) {
        if (!taken[j]) {
          maxSim[j] = Math.max(maxSim[j], similarity(c, ci, window.get(j)));
        }
      }
    }
    ctx.selected(selected);
  }

  private static int pick(
      List<Candidate> window,
      boolean[] taken,
      double[] maxSim,
      double lambda,
      Map<String, Integer> perAuthor,
      Map<String, Integer> perInterest,
      int authorCap,
      int interestCap) {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < window.size(); j++) {
      if (taken[j]) {
        continue;
      }
      Candidate c = window.get(j);
      if (perAuthor != null && !withinCaps(c, perAuthor, perInterest, authorCap, interestCap)) {
        continue;
      }
      double value = lambda * c.score() - (1 - lambda) * maxSim[j];
      if (value > bestValue) {
        bestValue = value;
        best = j;
      }
    }
    return best;
  }

  private static boolean withinCaps(
      Candidate c,
      Map<String, Integer> perAuthor,
      Map<String, Integer> perInterest,
      int authorCap,
      int interestCap) {
    String author = c.item().authorId();
    if (author != null && perAuthor.getOrDefault(author, 0) >= authorCap) {
      return false;
    }
    for (String i : c.interests()) {
      if (perInterest.getOrDefault(i, 0) >= interestCap) {
        return false;
      }
    }
    return true;
  }

  /** Jaccard overlap of interests, plus 0.5 for the same author, capped at 1. */
  static double similarity(Candidate a, Set<String> aInterests, Candidate b) {
    double sim = 0;
    if (!aInterests.isEmpty() && !b.interests().isEmpty()) {
      int common = 0;
      for (String i : b.interests()) {
        if (aInterests.contains(i)) {
          common++;
        }
      }
      sim = common / (double) (aInterests.size() + b.interests().size() - common);
    }
    String author = a.item().authorId();
    if (author != null && author.equals(b.item().authorId())) {
      sim += 0.5;
    }
    return Math.min(1, sim);
  }
}
