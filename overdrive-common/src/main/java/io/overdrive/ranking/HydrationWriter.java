package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.interests.ItemInterests;

/**
 * How a candidate hydrator fills a candidate: its item (merged with the catalogue), stats and
 * interests, and the feature slots it declares.
 */
public final class HydrationWriter extends FeatureWriter {
  HydrationWriter(String stage, long allowed) {
    super(stage, allowed);
  }

  public void item(Candidate c, Item item) {
    c.item(item);
  }

  public void stats(Candidate c, ItemStats stats) {
    c.stats(stats);
  }

  /** Marks the candidate taken down (the catalogue says so); the takedown filter removes it. */
  public void takenDown(Candidate c, java.time.Instant at) {
    c.takenDownAt(at);
  }

  public void interests(Candidate c, ItemInterests interests) {
    c.interests(interests);
  }
}
