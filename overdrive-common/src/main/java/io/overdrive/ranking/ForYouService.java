package io.overdrive.ranking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Item;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The For You call as every entry point serves it (REST at the API, gRPC at the serving node),
 * around the ranking itself: counts the candidates ({@value #CANDIDATES_METRIC}), notes the ids a
 * caller sent in the {@link RecentCatalogue} (candidates of last resort for requests that bring
 * none), ranks with the user's experiment variant and counts one exposure of that variant ({@value
 * #EXPOSURES_METRIC}, tagged experiment and variant).
 *
 * <p>When the feature store is unreachable and a degraded ranker is given, the request is ranked
 * again by it (cold-start rules over the request's candidates and the items this process last read,
 * no user features), marked degraded with the reason and counted in {@value #DEGRADED_METRIC}: a
 * feed bends instead of vanishing. The next request tries the store again, so recovery needs
 * nothing; with the client failing fast while disconnected, the failed try costs microseconds.
 */
public final class ForYouService {
  public static final String EXPOSURES_METRIC = "overdrive.experiment.exposures";
  public static final String CANDIDATES_METRIC = "overdrive.rank.candidates";
  public static final String DEGRADED_METRIC = "overdrive.rank.degraded";
  public static final String STORE_UNAVAILABLE = "feature_store_unavailable";

  private static final Logger log = LoggerFactory.getLogger(ForYouService.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final ForYouRanker ranker;
  private final ForYouRanker degraded;
  private final RecentCatalogue catalogue;
  private final MeterRegistry registry;
  private final DistributionSummary candidateCounts;
  private final Counter degradedCount;
  private volatile long lastDegradedLog;

  public ForYouService(ForYouRanker ranker, RecentCatalogue catalogue, MeterRegistry registry) {
    this(ranker, null, catalogue, registry);
  }

  /**
   * @param degraded ranks without the feature store when it is unreachable; null to answer with the
   *     store's error instead
   */
  public ForYouService(
      ForYouRanker ranker,
      ForYouRanker degraded,
      RecentCatalogue catalogue,
      MeterRegistry registry) {
    this.ranker = ranker;
    this.degraded = degraded;
    this.catalogue = catalogue;
    this.registry = registry;
    this.candidateCounts =
        DistributionSummary.builder(CANDIDATES_METRIC)
            .description("Candidates per For You request")
            .register(registry);
    this.degradedCount =
        Counter.builder(DEGRADED_METRIC)
            .description("For You answers ranked without the feature store (it was unreachable)")
            .tag("reason", STORE_UNAVAILABLE)
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
    RankResult result;
    try {
      result = ranker.rank(request);
    } catch (StoreUnavailableException e) {
      if (degraded == null) {
        throw e;
      }
      result = degraded.rank(request).degraded(STORE_UNAVAILABLE);
      degradedCount.increment();
      long now = System.nanoTime();
      long last = lastDegradedLog;
      if (last == 0 || now - last > LOG_EVERY_NANOS) {
        lastDegradedLog = now;
        log.warn("Feature store unreachable, ranking degraded: {}", e.getMessage());
      }
    }
    registry
        .counter(EXPOSURES_METRIC, "experiment", result.experiment(), "variant", result.variant())
        .increment();
    return result;
  }
}
