package io.overdrive.ranking.selector;

import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.domain.ItemStats;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The item side of the cold start (decision 0305): a post nobody has seen yet has no engagement to
 * rank on, so without help it never collects the impressions that would show whether it is good.
 * This selector reserves {@code floor(limit * OVERDRIVE_FRESH_ITEM_SHARE)} slots (2 of 20 by
 * default) for <em>unproven fresh items</em>: created within {@code OVERDRIVE_FRESH_ITEM_MAX_AGE}
 * and seen fewer than {@code OVERDRIVE_FRESH_ITEM_MAX_IMPRESSIONS} times. The slots are a bound,
 * not a quota of extra items: fresh items the ranking picked on its own count against them; the
 * rest go to the best-scored unproven ones for this user (never one on an interest they dislike),
 * within the diversity caps, placed evenly below the top. Each carries {@code
 * FreshItemMixer:fresh_item}.
 */
public final class FreshItemMixer implements Selector {
  public static final String NAME = "FreshItemMixer";
  public static final String REASON = NAME + ":fresh_item";

  private final FreshItemSettings settings;

  public FreshItemMixer(FreshItemSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(
      RankingQuery query, List<Candidate> candidates, List<Candidate> selectedBefore) {
    int slots = settings.slots(query.limit());
    if (slots <= 0 || candidates.isEmpty()) {
      return Selection.of(selectedBefore);
    }
    Instant oldest = query.now().minus(settings.maxAge());
    int already = 0;
    for (Candidate c : selectedBefore) {
      if (unproven(c, oldest)) {
        already++;
      }
    }
    if (already >= slots) {
      return Selection.of(selectedBefore);
    }
    Set<Candidate> chosen = new HashSet<>(selectedBefore);
    Map<String, Double> learned = query.interests().learned();
    List<Candidate> eligible = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!chosen.contains(c) && unproven(c, oldest) && !disliked(c, learned)) {
        eligible.add(c);
      }
    }
    if (eligible.isEmpty()) {
      return Selection.of(selectedBefore);
    }
    eligible.sort(Comparator.comparingDouble(Candidate::score).reversed());
    return ReservedSlots.mix(
        query.settings(), query.limit(), selectedBefore, slots - already, eligible, c -> REASON);
  }

  /** Created recently and not yet seen often. */
  boolean unproven(Candidate c, Instant oldest) {
    Instant created = c.item().createdAt();
    return created != null
        && !created.isBefore(oldest)
        && exposures(c.stats()) < settings.maxImpressions();
  }

  /** Impressions, or views where a client sends no impression events. */
  static long exposures(ItemStats s) {
    return Math.max(s.impressions(), s.views());
  }

  private static boolean disliked(Candidate c, Map<String, Double> learned) {
    for (String i : c.interests()) {
      if (learned.getOrDefault(i, 0.0) < 0) {
        return true;
      }
    }
    return false;
  }
}
