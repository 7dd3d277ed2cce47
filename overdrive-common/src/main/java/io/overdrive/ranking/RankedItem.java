package io.overdrive.ranking;

import java.util.List;

/** One item of a ranking: 1-based rank, blended score, and why it is there. */
public record RankedItem(String id, double score, int rank, List<String> reasons) {
  public RankedItem {
    reasons = List.copyOf(reasons);
  }
}
