package io.overdrive.ranking.source;

import io.overdrive.catalogue.FreshItem;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.domain.Item;
import io.overdrive.ranking.RankingQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Candidate source of the For You pipeline, after retrieval: when a request brings no candidates,
 * adds fresh items (posted within {@code OVERDRIVE_FRESH_ITEM_MAX_AGE}) from the replica's {@link
 * FreshItemFeed}, the best matches of the user's interests among the newest, so a post of a minute
 * ago can reach the users it suits before any model knows it. The ranking then scores them like any
 * candidate; {@code FreshItemMixer} reserves a bounded share of the feed for the unproven ones.
 */
public final class FreshCandidates implements CandidateSource {
  public static final String NAME = "FreshCandidates";
  public static final String SOURCE = "fresh";

  private final FreshItemFeed feed;
  private final int count;

  /**
   * @param count fresh items added per request (0 adds none)
   */
  public FreshCandidates(FreshItemFeed feed, int count) {
    this.feed = feed;
    this.count = count;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<SourcedCandidates> fetch(RankingQuery q) {
    if (!q.request().candidates().isEmpty() || count == 0) {
      return Optional.empty();
    }
    Set<String> seen = q.user() == null ? Set.of() : new HashSet<>(q.user().recentItems());
    List<FreshItem> picks = feed.forUser(q.interests().combined(q.personalization()), count, seen);
    if (picks.isEmpty()) {
      return Optional.empty();
    }
    List<Item> items = new ArrayList<>(picks.size());
    for (FreshItem f : picks) {
      items.add(f.item());
    }
    return Optional.of(new SourcedCandidates(SOURCE, items));
  }
}
