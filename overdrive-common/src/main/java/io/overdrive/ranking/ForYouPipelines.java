package io.overdrive.ranking;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.coldstart.DeclaredInterestScorer;
import io.overdrive.coldstart.ExplorationMixer;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.stages.AuthorScorer;
import io.overdrive.ranking.stages.CatalogueHydrator;
import io.overdrive.ranking.stages.DiversitySelector;
import io.overdrive.ranking.stages.EngagementScorer;
import io.overdrive.ranking.stages.LearnedInterestScorer;
import io.overdrive.ranking.stages.MaturityBlender;
import io.overdrive.ranking.stages.QualityFilter;
import io.overdrive.ranking.stages.SeenFilter;
import io.overdrive.ranking.stages.UserHydrator;
import io.overdrive.store.FeatureStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard For You pipeline; the one list that says which stages run in which order:
 *
 * <pre>
 * UserHydrator -> [candidate sources] -> CatalogueHydrator -> SeenFilter -> EngagementScorer
 *   -> QualityFilter -> DeclaredInterestScorer -> LearnedInterestScorer -> AuthorScorer
 *   -> [learned scorers] -> MaturityBlender -> DiversitySelector -> ExplorationMixer
 * </pre>
 */
public final class ForYouPipelines {
  private ForYouPipelines() {}

  /**
   * @param candidateSources stages that add candidates when the request brings none (retrieval)
   * @param modelScorers learned-model scorers (two-tower, sequence), run after the rule scorers
   */
  public static RankingPipeline standard(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      List<? extends CandidateSource> candidateSources,
      List<? extends LearnedScorer> modelScorers) {
    List<RankingStage> stages = new ArrayList<>();
    stages.add(new UserHydrator(store, taxonomy, learning.parentShare()));
    stages.addAll(candidateSources);
    stages.add(new CatalogueHydrator(store, taxonomy));
    stages.add(new SeenFilter());
    stages.add(new EngagementScorer());
    stages.add(new QualityFilter());
    stages.add(new DeclaredInterestScorer());
    stages.add(new LearnedInterestScorer());
    stages.add(new AuthorScorer());
    stages.addAll(modelScorers);
    stages.add(new MaturityBlender());
    stages.add(new DiversitySelector());
    stages.add(new ExplorationMixer());
    return new RankingPipeline(stages, registry);
  }
}
