package io.overdrive.ranking.selector;

import io.overdrive.features.FeatureSlot;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives a new user's feed a few items outside everything they declared or showed, so their
 * reactions teach the system what else they like. {@code exploration_share * (1 - p)} of the slots
 * (none once the user is well known) go to the best items by {@link PopularityPrior} on interests
 * the user has no weight on, one per interest, placed evenly through the feed below the top; they
 * replace the lowest-ranked picks and respect the diversity caps ({@link ReservedSlots}). Each
 * carries the reason {@code ExplorationMixer:exploration:<interest>}.
 */
public final class ExplorationMixer implements Selector {
  public static final String NAME = "ExplorationMixer";
  public static final String REASON = NAME + ":exploration";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(
      RankingQuery query, List<Candidate> candidates, List<Candidate> selectedBefore) {
    RankingSettings settings = query.settings();
    int limit = query.limit();
    int slots = settings.explorationSlots(limit, query.personalization());
    if (slots <= 0 || candidates.isEmpty()) {
      return Selection.of(selectedBefore);
    }
    Set<Candidate> chosen = new HashSet<>(selectedBefore);
    List<Candidate> eligible = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!chosen.contains(c) && outsideInterests(c, query.interests())) {
        eligible.add(c);
      }
    }
    if (eligible.isEmpty()) {
      return Selection.of(selectedBefore);
    }
    PopularityPrior prior = new PopularityPrior(settings);
    eligible.sort(Comparator.comparingDouble((Candidate c) -> prior.of(c.features())).reversed());
    Set<String> exploredInterests = new HashSet<>();
    return ReservedSlots.mix(
        settings,
        limit,
        selectedBefore,
        slots,
        eligible,
        c -> {
          String interest = c.weightedInterests().strongest();
          return exploredInterests.add(interest) ? REASON + ":" + interest : null;
        });
  }

  /**
   * An item on interests the user has no declared or learned weight on (neither liked nor averse),
   * by an author they do not follow: something new, not something they rejected.
   */
  static boolean outsideInterests(Candidate c, InterestProfile profile) {
    if (c.interests().isEmpty() || c.features().get(FeatureSlot.FOLLOWED_AUTHOR) > 0) {
      return false;
    }
    for (String i : c.interests()) {
      if (profile.declared().containsKey(i) || profile.learned().containsKey(i)) {
        return false;
      }
    }
    return true;
  }
}
