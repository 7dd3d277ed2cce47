package io.overdrive.ranking;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Item;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.retrieval.RecentCatalogue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The For You call as every entry point serves it (REST at the API, gRPC at the serving node),
 * around the ranking itself: counts the candidates ({@value #CANDIDATES_METRIC}), notes the ids a
 * caller sent in the {@link RecentCatalogue} (candidates of last resort for requests that bring
 * none), ranks with the user's experiment variant — or serves the control feed when the client
 * turned Overdrive off ({@link OverdriveToggle}) —, gives the answer its ranking id, records it in
 * the served-ranking log ({@link RankingLog}, which never blocks) and counts one exposure of its
 * arm ({@value #EXPOSURES_METRIC}, tagged experiment and variant).
 */
public final class ForYouService {
  public static final String EXPOSURES_METRIC = "overdrive.experiment.exposures";
  public static final String CANDIDATES_METRIC = "overdrive.rank.candidates";

  private final ForYouRanker ranker;
  private final RecentCatalogue catalogue;
  private final MeterRegistry registry;
  private final DistributionSummary candidateCounts;
  private final RankingLog log;
  private final Clock clock;

  /** A service whose rankings are not recorded (tools and tests). */
  public ForYouService(ForYouRanker ranker, RecentCatalogue catalogue, MeterRegistry registry) {
    this(ranker, catalogue, registry, RankingLog.OFF, Clock.systemUTC());
  }

  public ForYouService(
      ForYouRanker ranker,
      RecentCatalogue catalogue,
      MeterRegistry registry,
      RankingLog log,
      Clock clock) {
    this.ranker = ranker;
    this.catalogue = catalogue;
    this.registry = registry;
    this.log = log;
    this.clock = clock;
    this.candidateCounts =
        DistributionSummary.builder(CANDIDATES_METRIC)
            .description("Candidates per For You request")
            .register(registry);
  }

  public RankResult rank(RankRequest request) {
    return rank(request, true);
  }

  /**
   * @param overdrive false for the non-personalised control feed ({@code x-use-overdrive: 0})
   */
  public RankResult rank(RankRequest request, boolean overdrive) {
    List<Item> candidates = request.candidates();
    candidateCounts.record(candidates.size());
    if (!candidates.isEmpty()) {
      List<String> ids = new ArrayList<>(candidates.size());
      for (Item item : candidates) {
        ids.add(item.id());
      }
      catalogue.add(ids);
    }
    RankResult result =
        overdrive
            ? ranker.rank(request)
            : ControlFeed.rank(request, catalogue, ranker.experiment());
    result =
        result.withRankingId(RankingIds.next(Arm.codeOf(result.experiment(), result.variant())));
    log.record(ServedRanking.of(result, clock.instant()));
    registry
        .counter(EXPOSURES_METRIC, "experiment", result.experiment(), "variant", result.variant())
        .increment();
    return result;
  }

  public RankingLog log() {
    return log;
  }
}
