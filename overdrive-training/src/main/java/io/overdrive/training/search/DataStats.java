package io.overdrive.training.search;

import io.overdrive.training.eval.LeaveOneOutSplit;
import java.util.Arrays;

/**
 * The shape of a data set's training split, from which the settings search takes its starting
 * point: how long users' sequences are and how large the catalogue is.
 *
 * @param medianLength median training sequence length over users
 * @param p90Length 90th percentile of the training sequence lengths
 * @param maxLength longest training sequence
 */
public record DataStats(
    int users, int items, long trainInteractions, int medianLength, int p90Length, int maxLength) {

  public static DataStats of(LeaveOneOutSplit split) {
    int[] lengths = new int[split.userCount()];
    long total = 0;
    for (int u = 0; u < lengths.length; u++) {
      lengths[u] = split.train(u).length;
      total += lengths[u];
    }
    Arrays.sort(lengths);
    return new DataStats(
        split.userCount(),
        split.itemCount(),
        total,
        percentile(lengths, 0.5),
        percentile(lengths, 0.9),
        lengths.length == 0 ? 0 : lengths[lengths.length - 1]);
  }

  private static int percentile(int[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
  }

  /**
   * Short sequences (a median under 20 training items), as in Amazon reviews, where SASRec's
   * authors regularise harder (dropout 0.5) and look at fewer items (50) than on MovieLens.
   */
  public boolean sparse() {
    return medianLength < 20;
  }
}
