package io.overdrive.training.blend;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.EventIngestor;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureVector;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingPipeline;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.blender.Blend;
import io.overdrive.ranking.blender.TrainedBlend;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fits the learned blend of a model version (docs/ranking.md, "The learned blend"): replays each
 * user's input items through the same event path the API uses into an in-memory store, ranks each
 * evaluated user's held-out item among sampled unseen ones with the real For You pipeline and the
 * version's models (hand-set blend, no diversity), and fits a linear listwise ranker (softmax over
 * each user's candidates) on the feature vectors the pipeline produced. So the blend learns from
 * exactly the signals the served pipeline computes, at their served scale.
 *
 * <p>A linear model and not a gradient-boosted ranker: a dozen signals, scored per candidate in the
 * request's hot path in pure Java, and the contributions of a linear score still sum to it, so
 * every item keeps its reasons; {@link BlendFit} reports what it gains over the hand-set blend on
 * users it was not fitted on.
 */
public final class BlendFitter {
  /** The slots the blend may weigh: the rules', the models', popularity and engagement. */
  public static final List<FeatureSlot> SLOTS =
      List.of(
          FeatureSlot.DECLARED_INTEREST,
          FeatureSlot.LEARNED_INTEREST,
          FeatureSlot.INTEREST_AVERSION,
          FeatureSlot.FOLLOWED_AUTHOR,
          FeatureSlot.AUTHOR_AFFINITY,
          FeatureSlot.ENGAGEMENT,
          FeatureSlot.QUALITY,
          FeatureSlot.FRESHNESS,
          FeatureSlot.POPULARITY,
          FeatureSlot.TWO_TOWER,
          FeatureSlot.SEQUENCE);

  /** Users with fewer meaningful interactions keep the hand-set blend (their cold start). */
  public static final long MIN_INTERACTIONS = 5;

  /** Candidates per user: the held-out item and this many unseen ones. */
  static final int NEGATIVES = 99;

  /** Share of the sampled users the blend is fitted on; the rest report what it gains. */
  static final double FIT_SHARE = 0.8;

  private final int maxUsers;
  private final long seed;
  private final Map<String, RankingSettings> handSet;

  /**
   * @param maxUsers at most this many users are ranked (the fit costs one ranking per user)
   */
  public BlendFitter(int maxUsers, long seed) {
    this(maxUsers, seed, Map.of("hand_set", RankingSettings.defaults()));
  }

  /**
   * @param handSet hand-set blends to report beside the fitted one (name -> settings), scored on
   *     the same feature vectors
   */
  public BlendFitter(int maxUsers, long seed, Map<String, RankingSettings> handSet) {
    this.maxUsers = maxUsers;
    this.seed = seed;
    this.handSet = handSet;
  }

  /**
   * The fitted blend of the models in {@code model} (null: the rules alone, to measure them), on
   * the split's test targets.
   */
  public TrainedBlend fit(LeaveOneOutSplit split, LoadedModel model) {
    InteractionData data = split.data();
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    List<Item> items = new ArrayList<>(data.itemCount());
    for (int i = 0; i < data.itemCount(); i++) {
      Item item = data.item(i);
      items.add(item == null ? Item.withId(data.itemId(i)) : item);
    }
    store.putItems(items);
    for (int u = 0; u < data.userCount(); u++) {
      UserProfile p = data.profile(u);
      if (p != null) {
        store.putProfile(p);
      }
    }
    Instant now = Instant.now();
    replay(split, items, new EventIngestor(store, new InteractionUpdater(taxonomy, learning)), now);
    // the settings below keep the version's trained blend (if any) off: the fit scores its features
    RankingPipeline pipeline = ForYouPipelines.withVersion(store, taxonomy, learning, model);
    RankingSettings settings = scoringOnly(RankingSettings.defaults());

    int[] users = split.evaluatedUsers().clone();
    Random rnd = new Random(seed);
    shuffle(users, rnd);
    List<BlendFit.Query> queries = new ArrayList<>();
    for (int k = 0; k < users.length && queries.size() < maxUsers; k++) {
      int u = users[k];
      BlendFit.Query q = query(pipeline, settings, handSet, split, u, items, rnd, now);
      if (q != null) {
        queries.add(q);
      }
    }
    int fitted = (int) Math.round(queries.size() * FIT_SHARE);
    return BlendFit.fit(
        SLOTS,
        queries.subList(0, fitted),
        queries.subList(fitted, queries.size()),
        MIN_INTERACTIONS);
  }

  /** The settings under which the pipeline returns every candidate it scored, in blend order. */
  static RankingSettings scoringOnly(RankingSettings base) {
    return base.withOverrides(
        Map.of(
            "mmr_lambda", 1.0,
            "max_interest_share", 1.0,
            "max_per_author", 1000,
            "exploration_share", 0.0,
            "min_quality", 0.0,
            "fill_beyond_caps", true,
            "trained_blend", false));
  }

  /**
   * Each user's input items as likes, one minute apart and ending an hour before {@code now}, in
   * the order the data has them (the archive keeps no more than the order for the trainer).
   */
  private static void replay(
      LeaveOneOutSplit split, List<Item> items, EventIngestor ingestor, Instant now) {
    long n = 0;
    for (int u = 0; u < split.userCount(); u++) {
      int[] in = split.input(u, Phase.TEST);
      List<Interaction> events = new ArrayList<>(in.length);
      Instant start = now.minus(Duration.ofHours(1)).minus(Duration.ofMinutes(in.length));
      for (int k = 0; k < in.length; k++) {
        Item item = items.get(in[k]);
        events.add(
            new Interaction(
                "blend-" + n++,
                split.data().userId(u),
                item.id(),
                item.authorId(),
                InteractionType.LIKE,
                0,
                null,
                null,
                null,
                null,
                start.plus(Duration.ofMinutes(k)),
                item.hashtags()));
      }
      ingestor.ingest(events);
    }
  }

  private static BlendFit.Query query(
      RankingPipeline pipeline,
      RankingSettings settings,
      Map<String, RankingSettings> handSet,
      LeaveOneOutSplit split,
      int user,
      List<Item> items,
      Random rnd,
      Instant now) {
    int target = split.target(user, Phase.TEST);
    Set<Integer> seen = new HashSet<>();
    for (int i : split.allItems(user)) {
      seen.add(i);
    }
    int n = split.itemCount();
    if (n - seen.size() < NEGATIVES) {
      return null;
    }
    List<Item> candidates = new ArrayList<>(NEGATIVES + 1);
    candidates.add(items.get(target));
    Set<Integer> drawn = new HashSet<>();
    while (candidates.size() <= NEGATIVES) {
      int i = rnd.nextInt(n);
      if (!seen.contains(i) && drawn.add(i)) {
        candidates.add(items.get(i));
      }
    }
    String userId = split.data().userId(user);
    RankResult r =
        pipeline.rank(
            new RankRequest(userId, candidates, candidates.size()),
            settings,
            ExperimentAssigner.CONTROL,
            now);
    String targetId = items.get(target).id();
    List<double[]> rows = new ArrayList<>(r.items().size());
    Map<String, double[]> baselines = new LinkedHashMap<>();
    Map<String, Blend> blends = new LinkedHashMap<>();
    handSet.forEach(
        (name, s) -> {
          baselines.put(name, new double[r.items().size()]);
          blends.put(name, Blend.of(s, r.personalization()));
        });
    int positive = -1;
    for (RankedItem it : r.items()) {
      if (it.id().equals(targetId)) {
        positive = rows.size();
      }
      FeatureVector f = new FeatureVector();
      it.features().forEach((slot, v) -> f.set(FeatureSlot.byName(slot), v));
      for (var e : blends.entrySet()) {
        baselines.get(e.getKey())[rows.size()] = e.getValue().score(f);
      }
      rows.add(vector(it.features()));
    }
    if (positive < 0) {
      return null; // filtered (already engaged with earlier in the sequence): nothing to learn
    }
    return new BlendFit.Query(
        rows.toArray(double[][]::new), baselines, positive, r.personalization());
  }

  private static double[] vector(Map<String, Double> features) {
    double[] x = new double[SLOTS.size()];
    for (int k = 0; k < x.length; k++) {
      Double v = features.get(SLOTS.get(k).slotName());
      x[k] = v == null ? 0 : v;
    }
    return x;
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
