package io.overdrive.ranking.selector;

import io.overdrive.ranking.Candidate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A selector's answer: the picks in order and the reasons it gives some of them (added to those
 * items' reasons, after their signals).
 */
public record Selection(List<Candidate> picks, Map<Candidate, String> reasons) {
  public Selection {
    picks = List.copyOf(picks);
    reasons =
        reasons == null || reasons.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new IdentityHashMap<>(reasons));
  }

  public static Selection of(List<Candidate> picks) {
    return new Selection(picks, Map.of());
  }
}
