package io.overdrive.ranking.hydrator;

import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.RankingStage;
import java.time.Instant;

/**
 * The first stage of a pipeline: reads what every later stage needs to know about the user (one
 * store round trip). The pipeline builds the immutable {@link io.overdrive.ranking.RankingQuery}
 * from its answer.
 */
public interface QueryHydrator extends RankingStage {
  HydratedUser hydrate(RankRequest request, Instant now, RankingSettings settings);
}
