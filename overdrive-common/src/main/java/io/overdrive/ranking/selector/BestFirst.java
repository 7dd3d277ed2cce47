package io.overdrive.ranking.selector;

import io.overdrive.ranking.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Candidates by score, best first, in exactly the order of a stable sort with {@code
 * Comparator.comparingDouble(Candidate::score).reversed()} (ties keep their given order; {@code
 * Double.compare}'s order of NaN, infinities and signed zeros), on primitives: the comparator sort
 * of 500 candidates was 5.7% of an ids ranking's request-thread CPU (docs/benchmarks.md, "Where the
 * time goes", sixth round; 3.6% this way), calling through two comparator objects per comparison.
 *
 * <p>Each score becomes a {@code long} whose signed order is {@code Double.compare}'s, reversed;
 * the keys are sorted as primitives, and each candidate, taken in its given order, goes to the
 * first free position of its key's run in the sorted keys, so equal keys keep their order.
 */
final class BestFirst {
  private BestFirst() {}

  /**
   * The candidates sorted best first (a new array; the list is not changed). Allocates ~12 bytes
   * per candidate more than the comparator sort did (two arrays of keys, one of counts).
   */
  static Candidate[] of(List<Candidate> list) {
    // the pipeline's lists are indexed; anything else is copied once rather than walked per get
    List<Candidate> candidates = list instanceof RandomAccess ? list : new ArrayList<>(list);
    int n = candidates.size();
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = descending(candidates.get(i).score());
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    int[] taken = new int[n]; // per run start: how many of the run are placed
    Candidate[] out = new Candidate[n];
    for (int i = 0; i < n; i++) {
      int start = firstOf(sorted, keys[i]);
      out[start + taken[start]++] = candidates.get(i);
    }
    return out;
  }

  /**
   * A key whose signed order is the reverse of {@code Double.compare}'s: the raw bits with the
   * magnitude flipped for negatives order like {@code Double.compare} (NaN canonical and highest,
   * -0.0 below 0.0), and the complement reverses that.
   */
  static long descending(double score) {
    long bits = Double.doubleToLongBits(score);
    return ~(bits ^ ((bits >> 63) & Long.MAX_VALUE));
  }

  /** The first index of {@code key} in {@code sorted}, which holds it. */
  private static int firstOf(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
