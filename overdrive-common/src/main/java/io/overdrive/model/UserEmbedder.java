package io.overdrive.model;

import io.overdrive.features.UserFeatures;
import java.util.Optional;

/**
 * Turns a user's features into a query vector in the item-embedding space (the two-tower model's
 * user tower). Empty when no model is loaded.
 */
public interface UserEmbedder {
  Optional<float[]> embed(UserFeatures user);

  /** Version of the model in use, or "" when none is loaded. */
  String modelVersion();
}
