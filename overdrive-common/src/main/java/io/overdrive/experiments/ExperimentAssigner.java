package io.overdrive.experiments;

import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.ranking.RankingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Assigns users to the variants of the running experiment (or to "control" when none runs). */
public final class ExperimentAssigner {
  private static final int BUCKETS = 10_000;
  private final Experiment experiment;

  public ExperimentAssigner(Experiment experiment) {
    this.experiment = experiment;
  }

  public static ExperimentAssigner none(RankingSettings settings) {
    return new ExperimentAssigner(
        new Experiment("none", List.of(new Variant("control", 1.0, settings))));
  }

  public Experiment experiment() {
    return experiment;
  }

  public Variant assign(String userId) {
    int bucket = bucket(experiment.name() + ":" + userId);
    double cumulative = 0;
    for (Variant v : experiment.variants()) {
      cumulative += v.traffic() * BUCKETS;
      if (bucket < cumulative) {
        return v;
      }
    }
    return experiment.variants().get(experiment.variants().size() - 1);
  }

  /** A stable bucket in [0, 10000): FNV-1a over UTF-8, the same in every service and language. */
  static int bucket(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(h, BUCKETS);
  }
}
