package io.overdrive.ranking;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Item;
import io.overdrive.retrieval.RecentCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * The For You call as every entry point serves it (REST at the API, gRPC at the serving node),
 * around the ranking itself: counts the candidates ({@value #CANDIDATES_METRIC}), notes the ids a
 * caller sent in the {@link RecentCatalogue} (candidates of last resort for requests that bring
 * none), ranks with the user's experiment variant and counts one exposure of that variant ({@value
 * #EXPOSURES_METRIC}, tagged experiment and variant).
 */
public final class ForYouService {
  public static final String EXPOSURES_METRIC = "overdrive.experiment.exposures";
  public static final String CANDIDATES_METRIC = "overdrive.rank.candidates";

  private final ForYouRanker ranker;
  private final RecentCatalogue catalogue;
  private final MeterRegistry registry;
  private final DistributionSummary candidateCounts;

  public ForYouService(ForYouRanker ranker, RecentCatalogue catalogue, MeterRegistry registry) {
    this.ranker = ranker;
    this.catalogue = catalogue;
    this.registry = registry;
    this.candidateCounts =
        DistributionSummary.builder(CANDIDATES_METRIC)
            .description("Candidates per For You request")
            .register(registry);
  }

  public RankResult rank(RankRequest request) {
    List<Item> candidates = request.candidates();
    candidateCounts.record(candidates.size());
    if (!candidates.isEmpty()) {
      List<String> ids = new ArrayList<>(candidates.size());
      for (Item item : candidates) {
        ids.add(item.id());
      }
      catalogue.add(ids);
    }
    RankResult result = ranker.rank(request);
    registry
        .counter(EXPOSURES_METRIC, "experiment", result.experiment(), "variant", result.variant())
        .increment();
    return result;
  }
}
