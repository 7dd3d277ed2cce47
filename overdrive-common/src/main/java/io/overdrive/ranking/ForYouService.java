package io.overdrive.ranking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.Item;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.store.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The For You call as every entry point serves it (REST at the API, gRPC at the serving node),
 * around the ranking itself: counts the candidates ({@value #CANDIDATES_METRIC}), notes the ids a
 * caller sent in the {@link RecentCatalogue} (candidates of last resort for requests that bring
 * none), ranks with the user's experiment variant — or serves the control feed when the client
 * turned Overdrive off ({@link OverdriveToggle}) —, gives the answer its ranking id, records it in
 * the served-ranking log ({@link RankingLog}, which never blocks) and counts one exposure of its
 * arm ({@value #EXPOSURES_METRIC}, tagged experiment and variant).
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

  private static final Logger LOG = LoggerFactory.getLogger(ForYouService.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final ForYouRanker ranker;
  private final ForYouRanker degraded;
  private final RecentCatalogue catalogue;
  private final MeterRegistry registry;
  private final DistributionSummary candidateCounts;
  private final RankingLog log;
  private final Clock clock;
  private final Counter degradedCount;
  private volatile long lastDegradedLog;

  /** A service whose rankings are not recorded (tools and tests). */
  public ForYouService(ForYouRanker ranker, RecentCatalogue catalogue, MeterRegistry registry) {
    this(ranker, null, catalogue, registry, RankingLog.OFF, Clock.systemUTC());
  }

  /** A service whose rankings are recorded in {@code log}, not degraded without the store. */
  public ForYouService(
      ForYouRanker ranker,
      RecentCatalogue catalogue,
      MeterRegistry registry,
      RankingLog log,
      Clock clock) {
    this(ranker, null, catalogue, registry, log, clock);
  }

  /**
   * @param degraded ranks without the feature store when it is unreachable; null to answer with the
   *     store's error instead
   * @param log where served rankings are recorded ({@link RankingLog#OFF} for none)
   */
  public ForYouService(
      ForYouRanker ranker,
      ForYouRanker degraded,
      RecentCatalogue catalogue,
      MeterRegistry registry,
      RankingLog log,
      Clock clock) {
    this.ranker = ranker;
    this.degraded = degraded;
    this.catalogue = catalogue;
    this.registry = registry;
    this.log = log;
    this.clock = clock;
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
            ? rankOrDegrade(request)
            : ControlFeed.rank(request, catalogue, ranker.experiment());
    result =
        result.withRankingId(RankingIds.next(Arm.codeOf(result.experiment(), result.variant())));
    log.record(ServedRanking.of(result, clock.instant()));
    registry
        .counter(EXPOSURES_METRIC, "experiment", result.experiment(), "variant", result.variant())
        .increment();
    return result;
  }

  private RankResult rankOrDegrade(RankRequest request) {
    try {
      return ranker.rank(request);
    } catch (StoreUnavailableException e) {
      if (degraded == null) {
        throw e;
      }
      RankResult result = degraded.rank(request).degraded(STORE_UNAVAILABLE);
      degradedCount.increment();
      long now = System.nanoTime();
      long last = lastDegradedLog;
      if (last == 0 || now - last > LOG_EVERY_NANOS) {
        lastDegradedLog = now;
        LOG.warn("Feature store unreachable, ranking degraded: {}", e.getMessage());
      }
      return result;
    }
  }

  public RankingLog log() {
    return log;
  }
}
