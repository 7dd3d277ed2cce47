package io.overdrive.training.blend;

import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.blender.TrainedBlend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fit of a linear listwise ranker: each query (a user's candidates, one of them the item they
 * chose) contributes {@code -log softmax(score)[chosen]}, with {@code score = sum_k x_k * (base_k +
 * p * maturity_k)} and a small L2 penalty; full-batch Adam on standardized features, then the
 * weights are mapped back to the slots' own scale and normalized to a sum of absolute weights of 1
 * (the hand-set blend's scale, so the diversity selector's trade-off keeps its meaning).
 */
final class BlendFit {
  static final int ITERATIONS = 300;
  static final double LEARNING_RATE = 0.05;
  static final double L2 = 1e-3;

  /**
   * One user's candidates.
   *
   * @param x each candidate's slot values
   * @param handSet each candidate's score under each hand-set blend (for the report)
   * @param positive the index of the chosen item
   * @param personalization the user's p
   */
  record Query(double[][] x, Map<String, double[]> handSet, int positive, double personalization) {}

  private BlendFit() {}

  static TrainedBlend fit(
      List<FeatureSlot> slots, List<Query> train, List<Query> heldOut, long minInteractions) {
    int k = slots.size();
    int d = 2 * k;
    double[] mean = new double[d];
    double[] sq = new double[d];
    long count = 0;
    for (Query q : train) {
      for (double[] row : q.x()) {
        for (int j = 0; j < k; j++) {
          double v = row[j];
          double pv = v * q.personalization();
          mean[j] += v;
          sq[j] += v * v;
          mean[k + j] += pv;
          sq[k + j] += pv * pv;
        }
        count++;
      }
    }
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] /= Math.max(count, 1);
      double var = sq[j] / Math.max(count, 1) - mean[j] * mean[j];
      std[j] = var > 1e-12 ? Math.sqrt(var) : 0; // a constant slot gets no weight
    }
    double[] w = new double[d];
    double[] m = new double[d];
    double[] v = new double[d];
    double[] grad = new double[d];
    double loss = 0;
    for (int it = 1; it <= ITERATIONS; it++) {
      java.util.Arrays.fill(grad, 0);
      loss = 0;
      for (Query q : train) {
        loss += accumulate(q, w, mean, std, k, grad);
      }
      int n = Math.max(train.size(), 1);
      loss /= n;
      for (int j = 0; j < d; j++) {
        double g = grad[j] / n + L2 * w[j];
        m[j] = 0.9 * m[j] + 0.1 * g;
        v[j] = 0.999 * v[j] + 0.001 * g * g;
        double mh = m[j] / (1 - Math.pow(0.9, it));
        double vh = v[j] / (1 - Math.pow(0.999, it));
        w[j] -= LEARNING_RATE * mh / (Math.sqrt(vh) + 1e-8);
        if (std[j] == 0) {
          w[j] = 0;
        }
      }
    }
    double[] raw = new double[d];
    double total = 0;
    for (int j = 0; j < d; j++) {
      raw[j] = std[j] == 0 ? 0 : w[j] / std[j];
      total += Math.abs(raw[j]);
    }
    Map<FeatureSlot, TrainedBlend.Weight> weights = new LinkedHashMap<>();
    for (int j = 0; j < k; j++) {
      double base = total > 0 ? raw[j] / total : 0;
      double maturity = total > 0 ? raw[k + j] / total : 0;
      if (base != 0 || maturity != 0) {
        weights.put(slots.get(j), new TrainedBlend.Weight(round(base), round(maturity)));
      }
    }
    Map<String, Object> fit = new LinkedHashMap<>();
    fit.put("model", "linear listwise (softmax over each user's candidates), L2 " + L2);
    fit.put("users_fitted", train.size());
    fit.put("users_held_out", heldOut.size());
    fit.put("candidates_per_user", train.isEmpty() ? 0 : train.get(0).x().length);
    fit.put("train_loss", round(loss));
    fit.put("held_out", report(slots, heldOut, weights));
    return new TrainedBlend(weights, minInteractions, fit);
  }

  /** Adds one query's gradient (in standardized space) and returns its loss. */
  private static double accumulate(
      Query q, double[] w, double[] mean, double[] std, int k, double[] grad) {
    double[][] x = q.x();
    double p = q.personalization();
    double[] s = new double[x.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < x.length; c++) {
      double score = 0;
      for (int j = 0; j < k; j++) {
        if (std[j] > 0) {
          score += w[j] * (x[c][j] - mean[j]) / std[j];
        }
        if (std[k + j] > 0) {
          score += w[k + j] * (x[c][j] * p - mean[k + j]) / std[k + j];
        }
      }
      s[c] = score;
      max = Math.max(max, score);
    }
    double z = 0;
    for (int c = 0; c < x.length; c++) {
      s[c] = Math.exp(s[c] - max);
      z += s[c];
    }
    for (int c = 0; c < x.length; c++) {
      double g = s[c] / z - (c == q.positive() ? 1 : 0);
      for (int j = 0; j < k; j++) {
        if (std[j] > 0) {
          grad[j] += g * (x[c][j] - mean[j]) / std[j];
        }
        if (std[k + j] > 0) {
          grad[k + j] += g * (x[c][j] * p - mean[k + j]) / std[k + j];
        }
      }
    }
    return -Math.log(Math.max(s[q.positive()] / z, 1e-300));
  }

  /** HR@10 and NDCG@10 on the held-out users: the fitted blend, the hand-set one, each slot. */
  private static Map<String, Object> report(
      List<FeatureSlot> slots, List<Query> queries, Map<FeatureSlot, TrainedBlend.Weight> w) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trained", metrics(queries, q -> trainedScores(q, slots, w)));
    if (!queries.isEmpty()) {
      for (String name : queries.get(0).handSet().keySet()) {
        out.put(name, metrics(queries, q -> q.handSet().get(name)));
      }
    }
    for (int j = 0; j < slots.size(); j++) {
      int slot = j;
      out.put(
          slots.get(j).slotName(),
          metrics(
              queries,
              q -> {
                double[] s = new double[q.x().length];
                for (int c = 0; c < s.length; c++) {
                  s[c] = q.x()[c][slot];
                }
                return s;
              }));
    }
    return out;
  }

  static double[] trainedScores(
      Query q, List<FeatureSlot> slots, Map<FeatureSlot, TrainedBlend.Weight> w) {
    double[] s = new double[q.x().length];
    for (int c = 0; c < s.length; c++) {
      for (int j = 0; j < slots.size(); j++) {
        TrainedBlend.Weight wj = w.get(slots.get(j));
        if (wj != null) {
          s[c] += q.x()[c][j] * (wj.base() + q.personalization() * wj.maturity());
        }
      }
    }
    return s;
  }

  private static Map<String, Object> metrics(
      List<Query> queries, java.util.function.Function<Query, double[]> scorer) {
    double hr = 0;
    double ndcg = 0;
    for (Query q : queries) {
      double[] s = scorer.apply(q);
      double t = s[q.positive()];
      int higher = 0;
      int ties = 0;
      for (int c = 0; c < s.length; c++) {
        if (c != q.positive()) {
          if (s[c] > t) {
            higher++;
          } else if (s[c] == t) {
            ties++;
          }
        }
      }
      int rank = 1 + higher + ties / 2;
      if (rank <= 10) {
        hr++;
        ndcg += 1 / (Math.log(rank + 1) / Math.log(2));
      }
    }
    int n = Math.max(queries.size(), 1);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hr@10", round(hr / n));
    out.put("ndcg@10", round(ndcg / n));
    return out;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
