package io.overdrive.retrieval;

import io.overdrive.features.UserFeatures;
import io.overdrive.model.UserEmbedder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A user's query vector without a user tower: the recency-weighted mean of the embeddings of the
 * items the user engaged with last, normalised to unit length. It needs only the item embeddings,
 * so retrieval works from a model's first version and for any user with history; a trained user
 * tower ({@link UserEmbedder} from the model) replaces it where one is loaded.
 */
public final class RecentItemsEmbedder implements UserEmbedder {
  /** Weight of the i-th most recent item relative to the one before it. */
  static final double RECENCY_DECAY = 0.85;

  private final Function<String, Optional<float[]>> itemVectors;
  private final Supplier<String> modelVersion;
  private final int maxItems;

  /**
   * @param itemVectors the embedding of an item id, empty when the item is not indexed
   * @param modelVersion the version of those item embeddings
   * @param maxItems how many of the most recent items to average
   */
  public RecentItemsEmbedder(
      Function<String, Optional<float[]>> itemVectors,
      Supplier<String> modelVersion,
      int maxItems) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1");
    }
    this.itemVectors = itemVectors;
    this.modelVersion = modelVersion;
    this.maxItems = maxItems;
  }

  @Override
  public Optional<float[]> embed(UserFeatures user) {
    List<String> recent = user.recentItems();
    double[] sum = null;
    double weight = 1;
    for (int i = 0; i < recent.size() && i < maxItems; i++, weight *= RECENCY_DECAY) {
      Optional<float[]> v = itemVectors.apply(recent.get(i));
      if (v.isEmpty()) {
        continue;
      }
      float[] x = v.get();
      if (sum == null) {
        sum = new double[x.length];
      } else if (x.length != sum.length) {
        continue;
      }
      for (int d = 0; d < x.length; d++) {
        sum[d] += weight * x[d];
      }
    }
    if (sum == null) {
      return Optional.empty();
    }
    double norm = 0;
    for (double s : sum) {
      norm += s * s;
    }
    if (norm == 0) {
      return Optional.empty();
    }
    norm = Math.sqrt(norm);
    float[] out = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      out[d] = (float) (sum[d] / norm);
    }
    return Optional.of(out);
  }

  @Override
  public String modelVersion() {
    return modelVersion.get();
  }
}
