package io.overdrive.training.eval;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Evaluates a {@link UserScorer} under both leave-one-out protocols at once:
 *
 * <ul>
 *   <li>{@code sampled-100} (SASRec, Kang and McAuley 2018): the target ranked among 100 items the
 *       user never interacted with, drawn uniformly (fixed per user and phase by the seed, so every
 *       model and epoch sees the same candidates);
 *   <li>{@code full}: the target ranked among every item the user has not interacted with in the
 *       model's input.
 * </ul>
 */
public final class Evaluator {
  public static final String SAMPLED = "sampled-100";
  public static final String FULL = "full";
  public static final int NEGATIVES = 100;

  private final LeaveOneOutSplit split;
  private final int batchSize;
  private final int[][] validationNegatives;
  private final int[][] testNegatives;

  /** Both protocols' metrics for one phase. */
  public record Result(RankingMetrics sampled, RankingMetrics full) {}

  public Evaluator(LeaveOneOutSplit split, long seed) {
    this(split, seed, 256);
  }

  public Evaluator(LeaveOneOutSplit split, long seed, int batchSize) {
    this.split = split;
    this.batchSize = batchSize;
    this.validationNegatives = sampleNegatives(split, seed ^ 0x5EED_0001L);
    this.testNegatives = sampleNegatives(split, seed ^ 0x5EED_0002L);
  }

  public LeaveOneOutSplit split() {
    return split;
  }

  public Result evaluate(UserScorer scorer, Phase phase) {
    // users of similar history length together: a sequence model pads a batch to its longest
    int[] users =
        java.util.Arrays.stream(split.evaluatedUsers())
            .boxed()
            .sorted(java.util.Comparator.comparingInt(u -> split.inputLength(u, phase)))
            .mapToInt(Integer::intValue)
            .toArray();
    int[][] negatives = phase == Phase.VALIDATION ? validationNegatives : testNegatives;
    RankingMetrics.Accumulator sampled = new RankingMetrics.Accumulator();
    RankingMetrics.Accumulator full = new RankingMetrics.Accumulator();
    int items = split.itemCount();
    float[][] scores = new float[Math.min(batchSize, Math.max(users.length, 1))][items];
    int[] candidates = new int[NEGATIVES + 1];
    BitSet excluded = new BitSet(items);
    for (int start = 0; start < users.length; start += batchSize) {
      int n = Math.min(batchSize, users.length - start);
      int[] batch = Arrays.copyOfRange(users, start, start + n);
      float[][] out = n == scores.length ? scores : Arrays.copyOf(scores, n);
      scorer.scoreAll(batch, phase, out);
      for (int k = 0; k < n; k++) {
        int u = batch[k];
        int target = split.target(u, phase);
        int[] neg = negatives[u];
        candidates = neg.length + 1 == candidates.length ? candidates : new int[neg.length + 1];
        candidates[0] = target;
        System.arraycopy(neg, 0, candidates, 1, neg.length);
        sampled.add(RankingMetrics.rank(out[k], target, candidates));
        excluded.clear();
        for (int i : split.input(u, phase)) {
          excluded.set(i);
        }
        full.add(rankExcluding(out[k], target, excluded));
      }
    }
    return new Result(sampled.result(), full.result());
  }

  /** 1-based rank of the target among all items not excluded (ties count half, NaN last). */
  static int rankExcluding(float[] scores, int target, BitSet excluded) {
    float t = scores[target];
    if (Float.isNaN(t)) {
      return scores.length;
    }
    int higher = 0;
    int ties = 0;
    for (int j = 0; j < scores.length; j++) {
      if (j == target || excluded.get(j)) {
        continue;
      }
      float s = scores[j];
      if (s > t) {
        higher++;
      } else if (s == t) {
        ties++;
      }
    }
    return 1 + higher + ties / 2;
  }

  /** Per evaluated user: up to 100 distinct items the user never interacted with, uniformly. */
  private static int[][] sampleNegatives(LeaveOneOutSplit split, long seed) {
    int items = split.itemCount();
    int[][] out = new int[split.userCount()][];
    BitSet seen = new BitSet(items);
    for (int u : split.evaluatedUsers()) {
      SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + u);
      seen.clear();
      for (int i : split.allItems(u)) {
        seen.set(i);
      }
      int available = items - seen.cardinality();
      int k = Math.min(NEGATIVES, available);
      int[] neg = new int[k];
      if (available <= 2 * NEGATIVES) {
        // few candidates left: take a uniform subset of all of them
        int[] pool = new int[available];
        int p = 0;
        for (int i = seen.nextClearBit(0); i < items; i = seen.nextClearBit(i + 1)) {
          pool[p++] = i;
        }
        for (int j = 0; j < k; j++) {
          int r = j + rnd.nextInt(available - j);
          int tmp = pool[j];
          pool[j] = pool[r];
          pool[r] = tmp;
          neg[j] = pool[j];
        }
      } else {
        for (int j = 0; j < k; ) {
          int c = rnd.nextInt(items);
          if (!seen.get(c)) {
            seen.set(c); // drawn once
            neg[j++] = c;
          }
        }
      }
      out[u] = neg;
    }
    return out;
  }
}
