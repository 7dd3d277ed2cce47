package io.overdrive.api.ranking;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.overdrive.insights.RankingExplanation;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A For You ranking.
 *
 * @param personalization 0 = cold-start rules only, 1 = learned signals only
 * @param experiment the running A/B experiment ("none" when none is configured)
 * @param variant the user's variant of it ("control" when none is configured), or "overdrive_off"
 *     for the control feed the client asked for with {@code x-use-overdrive: 0}
 * @param rankingId this answer's id in the served-ranking log: send it back as the {@code
 *     ranking_id} of the events of its items, so they count for the arm that served them
 * @param candidateSource "request", "retrieval" or "fallback:&lt;reason&gt;"
 * @param filtered candidates removed before ranking, id -> reason
 * @param explanation stage-by-stage account of every item's score, when the request asked for it
 * @param degraded true when the feature store was unreachable and the ranking was made from what
 *     the API still knew (the request's candidates, the items it read last, cold-start rules)
 * @param degradedReason why, when degraded: {@code feature_store_unavailable}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForYouResponse(
    String rankingId,
    String userId,
    List<Item> items,
    double personalization,
    String experiment,
    String variant,
    String modelVersion,
    String candidateSource,
    Map<String, String> filtered,
    @JsonInclude(JsonInclude.Include.NON_NULL) RankingExplanation explanation,
    boolean degraded,
    @JsonInclude(JsonInclude.Include.NON_NULL) String degradedReason) {

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Item(String id, double score, int rank, List<String> reasons) {}

  static ForYouResponse of(RankResult r, boolean explain) {
    return new ForYouResponse(
        r.rankingId(),
        r.userId(),
        r.items().stream().map(ForYouResponse::item).toList(),
        round(r.personalization()),
        r.experiment(),
        r.variant(),
        r.modelVersion(),
        r.candidateSource(),
        r.dropped(),
        explain ? RankingExplanation.of(r) : null,
        r.degraded(),
        r.degradedReason());
  }

  private static Item item(RankedItem i) {
    return new Item(i.id(), round(i.score()), i.rank(), i.reasons());
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
