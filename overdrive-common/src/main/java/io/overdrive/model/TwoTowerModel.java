package io.overdrive.model;

import io.overdrive.interests.InterestProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Pure-Java inference of the exported two-tower model (the trainer's {@code TwoTowerBlock} computes
 * the same). Both towers end in L2-normalised vectors, so a user-item score is a cosine in [-1, 1].
 *
 * <ul>
 *   <li>user tower: {@code [userId(hashed), bag(interest tokens), mean(history), recency-weighted
 *       mean(history)] -> ReLU layer -> linear -> L2}
 *   <li>item tower: {@code [bag(content tokens), itemId(hashed) or 0 for an item the model never
 *       saw] -> ReLU layer -> linear -> L2}
 * </ul>
 *
 * Thread-safe: the parameters are read-only.
 */
public final class TwoTowerModel {
  /** L2 normalisation adds this under the square root (as the trainer does). */
  public static final float NORM_EPSILON = 1e-12f;

  /** Sizes and hashing of the model, from the manifest's {@code models.two_tower}. */
  public record Settings(
      int dim, int hidden, int tokenBuckets, int itemBuckets, int userBuckets, float temperature) {
    public Settings {
      if (dim <= 0 || hidden <= 0 || tokenBuckets <= 0 || itemBuckets <= 0 || userBuckets <= 0) {
        throw new ModelFormatException("two-tower settings must be positive");
      }
    }
  }

  private final Settings settings;
  private final float[] tokens;
  private final float[] userIds;
  private final float[] history;
  private final float[] itemIds;
  private final Dense userHidden;
  private final Dense userOutput;
  private final Dense itemHidden;
  private final Dense itemOutput;

  private TwoTowerModel(Settings s, Map<String, Tensor> p) {
    this.settings = s;
    this.tokens = table(p, "tokens", s.tokenBuckets(), s.dim());
    this.userIds = table(p, "user.id_embedding", s.userBuckets(), s.dim());
    this.history = table(p, "user.history_embedding", s.itemBuckets(), s.dim());
    this.itemIds = table(p, "item.id_embedding", s.itemBuckets(), s.dim());
    this.userHidden = Dense.of(p, "user.hidden");
    this.userOutput = Dense.of(p, "user.output");
    this.itemHidden = Dense.of(p, "item.hidden");
    this.itemOutput = Dense.of(p, "item.output");
    if (userHidden.in != 4 * s.dim()
        || itemHidden.in != 2 * s.dim()
        || userOutput.out != s.dim()
        || itemOutput.out != s.dim()
        || userHidden.out != s.hidden()
        || itemHidden.out != s.hidden()) {
      throw new ModelFormatException("two-tower layer sizes do not match the settings");
    }
  }

  public static TwoTowerModel of(Map<String, Tensor> params, Settings settings) {
    return new TwoTowerModel(settings, params);
  }

  private static float[] table(Map<String, Tensor> p, String name, int rows, int dim) {
    Tensor t = ModelFormatException.require(p, name, 2);
    if (t.dim(0) != rows || t.dim(1) != dim) {
      throw new ModelFormatException(name + " must be " + rows + " x " + dim);
    }
    return t.data();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The query vector of a user as the ranking sees them: interests (declared and learned, as in
   * {@link InterestProfile}) and recent items, most recent first.
   *
   * @param userId the user's id, or null to leave the id's learned row out (an erased user: {@link
   *     io.overdrive.store.ErasedUsers})
   */
  public float[] userVector(String userId, InterestProfile interests, List<String> recentFirst) {
    WeightedTokens tokens =
        TwoTowerFeatures.userTokens(
            interests.declared(), interests.learned(), settings.tokenBuckets());
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(recentFirst));
    return userVector(userId, tokens, TwoTowerFeatures.history(distinct, settings.itemBuckets()));
  }

  /** The user's query vector (L2-normalised). */
  public float[] userVector(
      String userId, WeightedTokens interests, TwoTowerFeatures.History recent) {
    int d = settings.dim();
    float[] x = new float[4 * d];
    if (userId != null) {
      int u = TwoTowerFeatures.userBucket(userId, settings.userBuckets());
      System.arraycopy(userIds, u * d, x, 0, d);
    }
    bag(tokens, interests.ids(), interests.weights(), x, d);
    bag(history, recent.buckets(), recent.meanWeights(), x, 2 * d);
    bag(history, recent.buckets(), recent.recencyWeights(), x, 3 * d);
    return tower(x, userHidden, userOutput);
  }

  /**
   * The item's vector (L2-normalised).
   *
   * @param itemId the item's id when the model was trained on it, or null: a new item's vector
   *     comes from its content alone (the trainer drops ids at random to prepare for this)
   */
  public float[] itemVector(String itemId, WeightedTokens content) {
    int d = settings.dim();
    float[] x = new float[2 * d];
    bag(tokens, content.ids(), content.weights(), x, 0);
    if (itemId != null) {
      int i = TwoTowerFeatures.itemBucket(itemId, settings.itemBuckets());
      System.arraycopy(itemIds, i * d, x, d, d);
    }
    return tower(x, itemHidden, itemOutput);
  }

  private float[] tower(float[] x, Dense hidden, Dense output) {
    float[] h = new float[hidden.out];
    hidden.apply(x, 0, h, 0);
    for (int k = 0; k < h.length; k++) {
      h[k] = Math.max(0f, h[k]);
    }
    float[] out = new float[output.out];
    output.apply(h, 0, out, 0);
    return normalise(out);
  }

  private void bag(float[] table, int[] ids, float[] weights, float[] x, int offset) {
    int d = settings.dim();
    for (int k = 0; k < ids.length; k++) {
      float w = weights[k];
      int row = ids[k] * d;
      for (int j = 0; j < d; j++) {
        x[offset + j] += w * table[row + j];
      }
    }
  }

  static float[] normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float inv = (float) (1.0 / Math.sqrt(sum + NORM_EPSILON));
    for (int k = 0; k < v.length; k++) {
      v[k] *= inv;
    }
    return v;
  }
}
