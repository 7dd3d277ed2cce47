package io.overdrive.experiments;

import io.overdrive.ranking.RankingSettings;
import java.util.List;

/**
 * An A/B experiment: users are split between variants by a stable hash of experiment name and user
 * id, so a user stays in one variant across requests and services.
 */
public record Experiment(String name, List<Variant> variants) {
  public Experiment {
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("experiment " + name + " needs at least one variant");
    }
    variants = List.copyOf(variants);
    double total = variants.stream().mapToDouble(Variant::traffic).sum();
    if (Math.abs(total - 1.0) > 1e-6) {
      throw new IllegalArgumentException(
          "experiment " + name + ": variant traffic must sum to 1, is " + total);
    }
  }

  /** A variant and the ranking settings it runs with. */
  public record Variant(String name, double traffic, RankingSettings settings) {
    public Variant {
      if (traffic < 0 || traffic > 1) {
        throw new IllegalArgumentException("variant " + name + ": traffic must be in [0, 1]");
      }
    }
  }
}
