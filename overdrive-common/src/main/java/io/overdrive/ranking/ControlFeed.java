package io.overdrive.ranking;

import io.overdrive.outcomes.Arm;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.retrieval.ScoredItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-personalised control feed a client asks for with {@code x-use-overdrive: 0}: the first
 * {@code limit} candidates in the order the caller gave them, or, without candidates, the newest
 * items this process has heard of ({@link RecentCatalogue}). No filter, no score of ours: what the
 * app would show without Overdrive, so the arm {@value Arm#OVERDRIVE_OFF} measures what Overdrive
 * adds. Scores fall from 1 with the position, so a client that sorts by score keeps the order.
 */
final class ControlFeed {
  static final String GIVEN_ORDER = "OverdriveOff:given_order";
  static final String NEWEST = "OverdriveOff:newest";

  private ControlFeed() {}

  static RankResult rank(RankRequest request, RecentCatalogue catalogue, String experiment) {
    List<String> ids = new ArrayList<>(request.limit());
    String reason;
    String source;
    if (!request.candidates().isEmpty()) {
      for (int i = 0; i < request.candidates().size() && ids.size() < request.limit(); i++) {
        ids.add(request.candidates().get(i).id());
      }
      reason = GIVEN_ORDER;
      source = "request";
    } else {
      for (ScoredItem s : catalogue.newest(request.limit(), Set.of())) {
        ids.add(s.itemId());
      }
      reason = NEWEST;
      source = "newest";
    }
    List<RankedItem> items = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      items.add(
          new RankedItem(
              ids.get(i), 1.0 - (double) i / ids.size(), i + 1, List.of(reason), null, null));
    }
    return new RankResult(
        request.userId(),
        items,
        0.0,
        Arm.OVERDRIVE_OFF,
        "",
        source,
        Map.of(),
        Map.of(),
        experiment);
  }
}
