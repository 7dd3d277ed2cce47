package io.overdrive.coldstart;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.events.EventIngestor;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingPipeline;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.store.ItemRecord;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures the first feed of new users against their hidden true interests. Protocol: in a
 * synthetic world, the first half of the users have their whole history applied (an app with a life
 * of its own: item engagement is real); each user of the second half who gave signup interests gets
 * {@code candidates} items drawn uniformly from the catalogue and is ranked with no history of
 * their own. Precision@k counts the top k items on one of the user's true interests ({@link
 * SyntheticWorld#relevant}), divided by k. Baselines on the same candidates: the popularity-ordered
 * feed (by the smoothed all-time engagement rate) and a random order (the candidates' relevant
 * share). Runs the standard pipeline, so it measures what serves.
 *
 * <p>Test code (overdrive-common's test jar): {@code ColdStartPrecisionTest} asserts on a small
 * world, {@code bench/cold-start-precision.sh} (overdrive-bench) measures larger ones.
 */
public final class ColdStartEvaluation {

  /**
   * The figures of one run, means over users.
   *
   * @param coldStartPrecision precision@k of the standard pipeline's first feed
   * @param coldStartNoExplorationPrecision the same with {@code exploration_share = 0}
   * @param popularityPrecision precision@k of the candidates ordered by engagement rate
   * @param randomPrecision relevant share of the candidates: a random order's expected precision
   */
  public record Result(
      int users,
      int candidates,
      int k,
      double coldStartPrecision,
      double coldStartNoExplorationPrecision,
      double popularityPrecision,
      double randomPrecision,
      double meanFeedLength) {

    public double margin() {
      return coldStartPrecision - popularityPrecision;
    }

    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"users\": %d, \"candidates\": %d, \"k\": %d, \"cold_start_precision\": %.4f,"
              + " \"cold_start_no_exploration_precision\": %.4f, \"popularity_precision\": %.4f,"
              + " \"random_precision\": %.4f, \"margin\": %.4f, \"mean_feed_length\": %.2f}",
          users,
          candidates,
          k,
          coldStartPrecision,
          coldStartNoExplorationPrecision,
          popularityPrecision,
          randomPrecision,
          margin(),
          meanFeedLength);
    }
  }

  private ColdStartEvaluation() {}

  /**
   * @param maxUsers at most this many cold users are evaluated
   */
  public static Result run(
      SyntheticWorld world, int candidates, int k, RankingSettings settings, int maxUsers) {
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    store.putItems(world.catalogue());
    world.users().forEach(u -> store.putProfile(u.profile()));
    EventIngestor ingestor = new EventIngestor(store, new InteractionUpdater(taxonomy, learning));
    int half = world.users().size() / 2;
    List<SyntheticUser> warm = world.users().subList(0, half);
    for (SyntheticUser u : warm) {
      ingestor.ingest(world.interactions(u));
    }
    RankingPipeline pipeline =
        ForYouPipelines.standard(store, taxonomy, learning, null, List.of(), List.of());
    RankingSettings noExploration = settings.withOverrides(Map.of("exploration_share", 0));
    Instant now = world.config().start().plus(Duration.ofDays(1));
    String variant = ExperimentAssigner.CONTROL;

    double coldSum = 0;
    double coldNoExplorationSum = 0;
    double popularitySum = 0;
    double randomSum = 0;
    double lengthSum = 0;
    int n = 0;
    for (SyntheticUser u : world.users().subList(half, world.users().size())) {
      if (u.profile().interests().isEmpty()) {
        continue;
      }
      if (n == maxUsers) {
        break;
      }
      List<String> ids = sample(world, candidates, world.config().seed() * 1_000_003L + n);
      List<Item> request = ids.stream().map(Item::withId).toList();
      RankResult ranked =
          pipeline.rank(new RankRequest(u.id(), request, k), settings, variant, now);
      RankResult rankedNoExploration =
          pipeline.rank(new RankRequest(u.id(), request, k), noExploration, variant, now);
      coldSum += precision(world, u, ranked.items().stream().map(RankedItem::id).toList(), k);
      coldNoExplorationSum +=
          precision(world, u, rankedNoExploration.items().stream().map(RankedItem::id).toList(), k);
      popularitySum += precision(world, u, byPopularity(store.items(ids), k), k);
      randomSum += ids.stream().filter(id -> world.relevant(u, id)).count() / (double) ids.size();
      lengthSum += ranked.items().size();
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no cold user with signup interests in this world");
    }
    return new Result(
        n,
        candidates,
        k,
        coldSum / n,
        coldNoExplorationSum / n,
        popularitySum / n,
        randomSum / n,
        lengthSum / n);
  }

  /** The top k of the candidates by smoothed all-time engagement rate (ties by id). */
  static List<String> byPopularity(Map<String, ItemRecord> records, int k) {
    Function<ItemRecord, Double> rate =
        r -> EngagementFeatures.of(r.item(), statsOf(r)).engagementRate();
    return records.values().stream()
        .sorted(
            Comparator.comparing(rate).reversed().thenComparing((ItemRecord r) -> r.item().id()))
        .limit(k)
        .map(r -> r.item().id())
        .collect(Collectors.toList());
  }

  private static ItemStats statsOf(ItemRecord r) {
    return r.stats() == null ? ItemStats.EMPTY : r.stats();
  }

  private static double precision(SyntheticWorld world, SyntheticUser u, List<String> feed, int k) {
    long hits = feed.stream().limit(k).filter(id -> world.relevant(u, id)).count();
    return hits / (double) k;
  }

  private static List<String> sample(SyntheticWorld world, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int size = world.items().size();
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < Math.min(n, size)) {
      out.add(world.items().get(rnd.nextInt(size)).item().id());
    }
    return new ArrayList<>(out);
  }
}
