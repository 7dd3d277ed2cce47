package io.overdrive.ranking.selector;

import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingSettings;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a mixing selector ({@link ExplorationMixer}, {@link FreshItemMixer}) gives a few slots of the
 * feed to items of its own: it makes room at the bottom of the selection, picks its items within
 * the diversity caps of what stays, gives back the room it did not use, and places its picks evenly
 * through the feed below the top, so they are seen without taking the first place.
 */
final class ReservedSlots {
  private ReservedSlots() {}

  /** Decides on one eligible candidate that the caps allow: its reason when picked, else null. */
  interface Chooser {
    String pick(Candidate c);
  }

  /**
   * @param eligible the selector's candidates, best first, none of them selected already
   */
  static Selection mix(
      RankingSettings settings,
      int limit,
      List<Candidate> selectedBefore,
      int slots,
      List<Candidate> eligible,
      Chooser chooser) {
    List<Candidate> selected = new ArrayList<>(selectedBefore);
    int room = Math.max(0, selected.size() + slots - limit);
    List<Candidate> spares =
        new ArrayList<>(selected.subList(selected.size() - room, selected.size()));
    selected.subList(selected.size() - room, selected.size()).clear();
    DiversityCaps caps = DiversityCaps.of(settings, limit, selected);
    List<Candidate> picks = new ArrayList<>(slots);
    Map<Candidate, String> reasons = new IdentityHashMap<>(slots);
    for (Candidate c : eligible) {
      if (picks.size() == slots) {
        break;
      }
      if (!caps.allows(c)) {
        continue;
      }
      String reason = chooser.pick(c);
      if (reason == null) {
        continue;
      }
      caps.add(c);
      picks.add(c);
      reasons.put(c, reason);
    }
    // what the selector did not use goes back, in its order, if the caps still allow it
    for (Candidate s : spares) {
      if (selected.size() + picks.size() < limit && caps.allows(s)) {
        selected.add(s);
        caps.add(s);
      }
    }
    int n = selected.size() + picks.size();
    for (int j = 0; j < picks.size(); j++) {
      int position = (int) Math.round((j + 1) * n / (double) (picks.size() + 1));
      selected.add(Math.min(position, selected.size()), picks.get(j));
    }
    return new Selection(selected, reasons);
  }
}
