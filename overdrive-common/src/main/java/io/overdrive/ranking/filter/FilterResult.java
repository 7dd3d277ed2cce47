package io.overdrive.ranking.filter;

import io.overdrive.ranking.Candidate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a filter kept, in the order it was given them, and what it removed, each with the reason.
 * Built from the filter's input ({@link #of}), so a filter can only keep or remove candidates it
 * was given. Keeping everything allocates nothing.
 */
public final class FilterResult {
  /** A candidate a filter removed and why ("already engaged"). */
  public record Removed(Candidate candidate, String reason) {}

  private final List<Candidate> kept;
  private final List<Removed> removed;

  private FilterResult(List<Candidate> kept, List<Removed> removed) {
    this.kept = kept;
    this.removed = removed;
  }

  /** Everything kept. */
  public static FilterResult keepAll(List<Candidate> candidates) {
    return new FilterResult(candidates, List.of());
  }

  /** A result over these candidates, keeping every one not {@link Builder#remove removed}. */
  public static Builder of(List<Candidate> candidates) {
    return new Builder(candidates);
  }

  public List<Candidate> kept() {
    return kept;
  }

  public List<Removed> removed() {
    return removed;
  }

  /** Collects the removals of one filter call. */
  public static final class Builder {
    private final List<Candidate> candidates;
    private List<Removed> removed;

    private Builder(List<Candidate> candidates) {
      this.candidates = candidates;
    }

    /** Removes a candidate with the reason (shown to callers after the filter's name). */
    public Builder remove(Candidate c, String reason) {
      if (removed == null) {
        removed = new ArrayList<>();
      }
      removed.add(new Removed(c, reason));
      return this;
    }

    public FilterResult build() {
      if (removed == null) {
        return keepAll(candidates);
      }
      List<Candidate> kept = new ArrayList<>(candidates.size());
      // filters remove in the order they were given candidates: one merge pass, no hashing
      int next = 0;
      for (Candidate c : candidates) {
        if (next < removed.size() && removed.get(next).candidate() == c) {
          next++;
        } else {
          kept.add(c);
        }
      }
      if (next < removed.size()) {
        kept = keptOutOfOrder();
      }
      if (kept.size() + removed.size() != candidates.size()) {
        throw new IllegalStateException(
            "a filter removed a candidate it was not given, or one twice");
      }
      return new FilterResult(kept, Collections.unmodifiableList(removed));
    }

    private List<Candidate> keptOutOfOrder() {
      Set<Candidate> gone = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Removed r : removed) {
        gone.add(r.candidate());
      }
      List<Candidate> kept = new ArrayList<>(candidates.size());
      for (Candidate c : candidates) {
        if (!gone.contains(c)) {
          kept.add(c);
        }
      }
      return kept;
    }
  }
}
