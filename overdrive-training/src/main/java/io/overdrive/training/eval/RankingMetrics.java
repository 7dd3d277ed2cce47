package io.overdrive.training.eval;

/**
 * Hit rate and NDCG at 10 and 20 over {@code users} users, each with one held-out target: HR@k is
 * the share of users whose target ranks in the top k, NDCG@k the mean of {@code 1 / log2(rank + 1)}
 * over those (rank 1-based), 0 otherwise.
 */
public record RankingMetrics(double hr10, double ndcg10, double hr20, double ndcg20, int users) {

  /** NDCG of a single target at a 1-based rank, cut at k. */
  public static double ndcg(int rank, int k) {
    return rank <= k ? 1.0 / (Math.log(rank + 1) / Math.log(2)) : 0.0;
  }

  public static double hit(int rank, int k) {
    return rank <= k ? 1.0 : 0.0;
  }

  /**
   * 1-based rank of {@code scores[target]} among {@code candidates}: one plus the candidates scored
   * strictly higher, plus half of the other candidates tied with it (so a constant scorer ranks the
   * target in the middle, not at the top). NaN scores rank last.
   */
  public static int rank(float[] scores, int target, int[] candidates) {
    float t = scores[target];
    if (Float.isNaN(t)) {
      return candidates.length;
    }
    int higher = 0;
    int ties = 0;
    for (int c : candidates) {
      if (c == target) {
        continue;
      }
      float s = scores[c];
      if (s > t) {
        higher++;
      } else if (s == t) {
        ties++;
      }
    }
    return 1 + higher + ties / 2;
  }

  /** Accumulates per-user ranks into metrics. */
  public static final class Accumulator {
    private double hr10;
    private double ndcg10;
    private double hr20;
    private double ndcg20;
    private int users;

    public void add(int rank) {
      hr10 += hit(rank, 10);
      ndcg10 += ndcg(rank, 10);
      hr20 += hit(rank, 20);
      ndcg20 += ndcg(rank, 20);
      users++;
    }

    public RankingMetrics result() {
      double n = Math.max(users, 1);
      return new RankingMetrics(hr10 / n, ndcg10 / n, hr20 / n, ndcg20 / n, users);
    }
  }
}
