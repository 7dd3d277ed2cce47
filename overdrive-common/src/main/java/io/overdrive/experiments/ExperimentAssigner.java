package io.overdrive.experiments;

import io.overdrive.domain.Interaction;
import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.ranking.RankingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Assigns users to the variants of the running experiment (or to "control" when none runs). */
public final class ExperimentAssigner {
  /** Resolution of the traffic split: 0.01% of users. */
  public static final int BUCKETS = 10_000;

  public static final String NO_EXPERIMENT = "none";
  public static final String CONTROL = "control";

  private final Experiment experiment;
  private final int[] upperBuckets;

  public ExperimentAssigner(Experiment experiment) {
    this.experiment = experiment;
    List<Variant> variants = experiment.variants();
    this.upperBuckets = new int[variants.size()];
    double cumulative = 0;
    for (int i = 0; i < variants.size(); i++) {
      cumulative += variants.get(i).traffic();
      upperBuckets[i] = (int) Math.round(cumulative * BUCKETS);
    }
    upperBuckets[variants.size() - 1] = BUCKETS;
  }

  /** No experiment: everyone ranks with {@code settings} in the variant "control". */
  public static ExperimentAssigner none(RankingSettings settings) {
    return new ExperimentAssigner(
        new Experiment(NO_EXPERIMENT, List.of(new Variant(CONTROL, 1.0, settings))));
  }

  public Experiment experiment() {
    return experiment;
  }

  public Variant assign(String userId) {
    int bucket = bucket(experiment.salt() + ":" + userId);
    for (int i = 0; i < upperBuckets.length; i++) {
      if (bucket < upperBuckets[i]) {
        return experiment.variants().get(i);
      }
    }
    return experiment.variants().get(experiment.variants().size() - 1);
  }

  /**
   * The event tagged with its experiment and its user's variant where the client did not say
   * (clients should send the {@code ranking_id} of the ranking they acted on; this keeps untagged
   * events analysable: they count for the user's variant).
   */
  public Interaction tag(Interaction event) {
    return event.withExperiment(experiment.name(), assign(event.userId()).name());
  }

  /** A stable bucket in [0, 10000): FNV-1a over UTF-8, the same in every service and language. */
  public static int bucket(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return (int) Long.remainderUnsigned(h, BUCKETS);
  }
}
