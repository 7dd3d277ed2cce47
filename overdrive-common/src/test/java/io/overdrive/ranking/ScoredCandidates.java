package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.interests.ItemInterests;
import java.util.List;

/** Candidates as the blender leaves them, for selector tests: an item, its interests, a score. */
public final class ScoredCandidates {
  private ScoredCandidates() {}

  /** A candidate of one interest (all of the item) with the given blended score. */
  public static Candidate of(Item item, String interest, double score) {
    Candidate c = new Candidate(item);
    c.interests(new ItemInterests(List.of(interest), new double[] {1.0}));
    c.score(score);
    return c;
  }
}
