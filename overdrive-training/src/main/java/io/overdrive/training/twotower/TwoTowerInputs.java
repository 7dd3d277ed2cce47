package io.overdrive.training.twotower;

import io.overdrive.domain.Item;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.TwoTowerFeatures;
import io.overdrive.model.WeightedTokens;
import io.overdrive.ranking.hydrator.CatalogueHydrator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two-tower inputs of a data set, computed with the serving code's feature functions ({@link
 * TwoTowerFeatures}, {@link InterestProfile}, the taxonomy): per item its content tokens; per
 * (user, point in their sequence) the interest tokens and history a serving request would have had
 * at that point. Learned interests are simulated from the items before that point with a per-item
 * decay, the trainer's stand-in for the serving side's time decay.
 */
public final class TwoTowerInputs {
  /** Weight of an item k steps back in the simulated learned interests. */
  static final double INTEREST_DECAY = 0.98;

  static final int INTEREST_WINDOW = 200;

  /** Training points whose interest tokens are kept (about 200 bytes each). */
  static final long TOKEN_CACHE_MAX_POINTS = 4_000_000;

  private final LeaveOneOutSplit split;
  private final TwoTowerConfig config;
  private final WeightedTokens[] itemContent;
  private final int[] itemBucket;
  private final Map<String, Double>[] itemInterestWeights;
  private final Map<String, Double>[] declared;
  private final int[] userBucket;
  private final long[] trainCount;
  private final int[] pointOffset; // index of each user's first training point in tokenCache
  private final WeightedTokens[] tokenCache; // every training point's; null for very large data

  /** What the user tower takes for one user at one point. */
  public record UserInput(int bucket, WeightedTokens tokens, TwoTowerFeatures.History history) {}

  @SuppressWarnings("unchecked")
  public TwoTowerInputs(LeaveOneOutSplit split, TwoTowerConfig config, InterestTaxonomy taxonomy) {
    this.split = split;
    this.config = config;
    double parentShare = LearningSettings.defaults().parentShare();
    int items = split.itemCount();
    trainCount = new long[items];
    for (int u = 0; u < split.userCount(); u++) {
      for (int i : split.train(u)) {
        trainCount[i]++;
      }
    }
    itemContent = new WeightedTokens[items];
    itemBucket = new int[items];
    itemInterestWeights = new Map[items];
    for (int i = 0; i < items; i++) {
      Item item = split.data().item(i);
      List<String> interests = CatalogueHydrator.interestsOf(item, taxonomy);
      itemContent[i] =
          TwoTowerFeatures.itemTokens(item, interests, trainCount[i], config.tokenBuckets());
      itemBucket[i] = TwoTowerFeatures.itemBucket(item.id(), config.itemBuckets());
      // as the serving side's InteractionUpdater: an interaction adds to the item's canonical
      // interests and a share of it to their groupings
      Map<String, Double> w = new HashMap<>();
      for (String c : taxonomy.canonicalAll(item.hashtags())) {
        w.merge(c, 1.0, Double::sum);
        for (String p : taxonomy.parents(c)) {
          w.merge(p, parentShare, Double::sum);
        }
      }
      itemInterestWeights[i] = w;
    }
    int users = split.userCount();
    declared = new Map[users];
    userBucket = new int[users];
    for (int u = 0; u < users; u++) {
      declared[u] = InterestProfile.declared(split.data().profile(u), taxonomy, parentShare);
      userBucket[u] = TwoTowerFeatures.userBucket(split.data().userId(u), config.userBuckets());
    }
    pointOffset = new int[users];
    long points = 0;
    for (int u = 0; u < users; u++) {
      pointOffset[u] = (int) Math.min(Integer.MAX_VALUE, points);
      points += split.train(u).length;
    }
    tokenCache = points <= TOKEN_CACHE_MAX_POINTS ? new WeightedTokens[(int) points] : null;
    if (tokenCache != null) {
      // now rather than during the first epoch, which would then be slower than the others and
      // mislead the settings search's measure of an epoch's time
      for (int u = 0; u < users; u++) {
        int[] seq = split.train(u);
        for (int t = 0; t < seq.length; t++) {
          tokenCache[pointOffset[u] + t] = tokens(u, seq, t);
        }
      }
    }
  }

  public LeaveOneOutSplit split() {
    return split;
  }

  /** True when {@code other} hashes features into the same buckets as these inputs. */
  public boolean hashesLike(TwoTowerConfig other) {
    return other.tokenBuckets() == config.tokenBuckets()
        && other.itemBuckets() == config.itemBuckets()
        && other.userBuckets() == config.userBuckets();
  }

  public WeightedTokens itemContent(int item) {
    return itemContent[item];
  }

  public int itemBucket(int item) {
    return itemBucket[item];
  }

  /** Training interactions per item. */
  public long[] trainCounts() {
    return trainCount;
  }

  /** The user tower's input for user {@code u} having seen {@code seq[0 .. end)}. */
  public UserInput user(int u, int[] seq, int end) {
    return new UserInput(userBucket[u], tokens(u, seq, end), history(seq, end));
  }

  /**
   * The user tower's input at training point {@code t} of user {@code u} (having seen {@code
   * train(u)[0 .. t)}). The interest tokens are the costly part (a decayed sum over up to 200
   * items' interests) and the same every epoch, so they are computed once, up front.
   */
  public UserInput trainingPoint(int u, int t) {
    int[] seq = split.train(u);
    WeightedTokens tokens = tokenCache == null ? tokens(u, seq, t) : tokenCache[pointOffset[u] + t];
    return new UserInput(userBucket[u], tokens, history(seq, t));
  }

  private WeightedTokens tokens(int u, int[] seq, int end) {
    Map<String, Double> raw = new HashMap<>();
    double w = 1;
    for (int j = end - 1; j >= Math.max(0, end - INTEREST_WINDOW); j--) {
      double weight = w;
      itemInterestWeights[seq[j]].forEach((k, v) -> raw.merge(k, v * weight, Double::sum));
      w *= INTEREST_DECAY;
    }
    return TwoTowerFeatures.userTokens(
        declared[u], InterestProfile.learned(raw), config.tokenBuckets());
  }

  private TwoTowerFeatures.History history(int[] seq, int end) {
    int n = Math.min(end, TwoTowerFeatures.HISTORY);
    int[] recent = new int[n];
    for (int k = 0; k < n; k++) {
      recent[k] = itemBucket[seq[end - 1 - k]];
    }
    return TwoTowerFeatures.history(recent);
  }
}
