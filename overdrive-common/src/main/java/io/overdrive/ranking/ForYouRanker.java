package io.overdrive.ranking;

import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.experiments.ExperimentAssigner;
import java.time.Clock;

/**
 * Ranks a For You request with the settings of the user's experiment variant; the variant's name
 * and experiment travel in the {@link RankResult}.
 */
public final class ForYouRanker {
  private final RankingPipeline pipeline;
  private final ExperimentAssigner experiments;
  private final Clock clock;

  public ForYouRanker(RankingPipeline pipeline, ExperimentAssigner experiments, Clock clock) {
    this.pipeline = pipeline;
    this.experiments = experiments;
    this.clock = clock;
  }

  /** The running experiment's name ("none" when none runs). */
  public String experiment() {
    return experiments.experiment().name();
  }

  public RankResult rank(RankRequest request) {
    Variant variant = experiments.assign(request.userId());
    return pipeline.rank(
        request,
        variant.settings(),
        variant.name(),
        experiments.experiment().name(),
        clock.instant());
  }
}
