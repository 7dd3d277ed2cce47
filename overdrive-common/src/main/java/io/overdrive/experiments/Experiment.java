package io.overdrive.experiments;

import io.overdrive.ranking.RankingSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An A/B experiment: users are split between variants by a stable hash of the experiment's salt
 * (its name by default) and the user id, so a user stays in one variant across requests, restarts
 * and services. Each variant ranks with its own settings (the base settings with its overrides).
 */
public record Experiment(String name, String salt, List<Variant> variants) {
  /** Longest variant name: it travels in events' {@code experiment_variant} (max 64). */
  public static final int MAX_NAME_LENGTH = 64;

  public Experiment {
    requireName("experiment name", name);
    salt = salt == null || salt.isBlank() ? name : salt;
    if (variants == null || variants.isEmpty()) {
      throw new IllegalArgumentException("experiment " + name + " needs at least one variant");
    }
    variants = List.copyOf(variants);
    Set<String> names = new HashSet<>();
    double total = 0;
    for (Variant v : variants) {
      if (!names.add(v.name())) {
        throw new IllegalArgumentException(
            "experiment " + name + ": two variants are named " + v.name());
      }
      total += v.traffic();
    }
    if (Math.abs(total - 1.0) > 1e-6) {
      throw new IllegalArgumentException(
          "experiment " + name + ": variant traffic must sum to 1, is " + total);
    }
  }

  public Experiment(String name, List<Variant> variants) {
    this(name, null, variants);
  }

  /** The variant of this name, or null. */
  public Variant variant(String variantName) {
    for (Variant v : variants) {
      if (v.name().equals(variantName)) {
        return v;
      }
    }
    return null;
  }

  /**
   * A variant and the ranking settings it runs with.
   *
   * @param traffic share of users in this variant, [0, 1]
   * @param overrides the settings this variant changes, as written in the experiment file (empty
   *     for a control)
   */
  public record Variant(
      String name, double traffic, RankingSettings settings, Map<String, Object> overrides) {
    public Variant {
      requireName("variant name", name);
      if (!(traffic >= 0 && traffic <= 1)) {
        throw new IllegalArgumentException("variant " + name + ": traffic must be in [0, 1]");
      }
      if (settings == null) {
        throw new IllegalArgumentException("variant " + name + ": settings are required");
      }
      overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public Variant(String name, double traffic, RankingSettings settings) {
      this(name, traffic, settings, Map.of());
    }
  }

  private static void requireName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is longer than " + MAX_NAME_LENGTH + " characters");
    }
  }
}
