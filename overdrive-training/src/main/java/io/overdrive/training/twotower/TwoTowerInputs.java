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

  private final LeaveOneOutSplit split;
  private final TwoTowerConfig config;
  private final WeightedTokens[] itemContent;
  private final int[] itemBucket;
  private final Map<String, Double>[] itemInterestWeights;
  private final Map<String, Double>[] declared;
  private final int[] userBucket;
  private final long[] trainCount;

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
  }

  public LeaveOneOutSplit split() {
    return split;
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
    Map<String, Double> raw = new HashMap<>();
    double w = 1;
    for (int j = end - 1; j >= Math.max(0, end - INTEREST_WINDOW); j--) {
      double weight = w;
      itemInterestWeights[seq[j]].forEach((k, v) -> raw.merge(k, v * weight, Double::sum));
      w *= INTEREST_DECAY;
    }
    WeightedTokens tokens =
        TwoTowerFeatures.userTokens(
            declared[u], InterestProfile.learned(raw), config.tokenBuckets());
    int n = Math.min(end, TwoTowerFeatures.HISTORY);
    int[] recent = new int[n];
    for (int k = 0; k < n; k++) {
      recent[k] = itemBucket[seq[end - 1 - k]];
    }
    return new UserInput(userBucket[u], tokens, TwoTowerFeatures.history(recent));
  }
}
