package io.overdrive.ranking.selector;

import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hard diversity caps of one response: at most {@code maxPerAuthor} items per author and at
 * most {@code interestCap} items per interest. An item counts against each of its main interests
 * ({@link ItemInterests#isMain}: a post tagged {@code #ps5} counts against ps5 and gaming; a food
 * post with a stray {@code #art} tag counts against food only). Shared by every selection stage so
 * the caps hold for the final feed.
 */
public final class DiversityCaps {
  private final int authorCap;
  private final int interestCap;
  private final Map<String, Integer> perAuthor = new HashMap<>();
  private final Map<String, Integer> perInterest = new HashMap<>();

  public DiversityCaps(int authorCap, int interestCap) {
    this.authorCap = authorCap;
    this.interestCap = interestCap;
  }

  /** The caps of the settings for a response of {@code limit} items. */
  public static DiversityCaps of(RankingSettings settings, int limit) {
    return new DiversityCaps(settings.maxPerAuthor(), settings.interestCap(limit));
  }

  /** Caps already holding the given items. */
  public static DiversityCaps of(RankingSettings settings, int limit, List<Candidate> taken) {
    DiversityCaps caps = of(settings, limit);
    taken.forEach(caps::add);
    return caps;
  }

  /** True when taking {@code c} keeps every cap. */
  public boolean allows(Candidate c) {
    String author = c.item().authorId();
    if (author != null && perAuthor.getOrDefault(author, 0) >= authorCap) {
      return false;
    }
    ItemInterests interests = c.weightedInterests();
    for (int i = 0; i < interests.interests().size(); i++) {
      if (interests.isMain(i)
          && perInterest.getOrDefault(interests.interests().get(i), 0) >= interestCap) {
        return false;
      }
    }
    return true;
  }

  public void add(Candidate c) {
    if (c.item().authorId() != null) {
      perAuthor.merge(c.item().authorId(), 1, Integer::sum);
    }
    ItemInterests interests = c.weightedInterests();
    for (int i = 0; i < interests.interests().size(); i++) {
      if (interests.isMain(i)) {
        perInterest.merge(interests.interests().get(i), 1, Integer::sum);
      }
    }
  }
}
