package io.overdrive.ranking;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.ranking.blender.MaturityBlender;
import io.overdrive.ranking.blender.TrainedBlend;
import io.overdrive.ranking.filter.QualityFilter;
import io.overdrive.ranking.filter.SeenFilter;
import io.overdrive.ranking.filter.TakedownFilter;
import io.overdrive.ranking.hydrator.CatalogueHydrator;
import io.overdrive.ranking.hydrator.UserHydrator;
import io.overdrive.ranking.scorer.AuthorScorer;
import io.overdrive.ranking.scorer.DeclaredInterestScorer;
import io.overdrive.ranking.scorer.EngagementScorer;
import io.overdrive.ranking.scorer.LearnedInterestScorer;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.ranking.scorer.SequenceScorer;
import io.overdrive.ranking.scorer.TwoTowerScorer;
import io.overdrive.ranking.selector.DiversitySelector;
import io.overdrive.ranking.selector.ExplorationMixer;
import io.overdrive.ranking.selector.FreshItemMixer;
import io.overdrive.ranking.source.CandidateSource;
import io.overdrive.store.FeatureStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The standard For You pipeline; the one place that says which stages run, in which phase and order
 * (docs/ranking.md has the table). The quality filter comes after the engagement scorer, whose
 * quality it reads; the scorers after it never see what it removed.
 */
public final class ForYouPipelines {
  private ForYouPipelines() {}

  /** The standard pipeline with the default fresh-item settings. */
  public static RankingPipeline standard(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      List<? extends CandidateSource> candidateSources,
      List<? extends ModelScorer> modelScorers) {
    return standard(
        store,
        taxonomy,
        learning,
        registry,
        candidateSources,
        modelScorers,
        FreshItemSettings.defaults());
  }

  /** The standard pipeline with hand-set blend weights only. */
  public static RankingPipeline standard(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      List<? extends CandidateSource> candidateSources,
      List<? extends ModelScorer> modelScorers,
      FreshItemSettings fresh) {
    return standard(
        store,
        taxonomy,
        learning,
        registry,
        candidateSources,
        modelScorers,
        fresh,
        Optional::empty);
  }

  /**
   * The standard pipeline over a fixed model version (null: none) with its two scorers and its
   * trained blend, without candidate sources or metrics: what the trainer's blend fit and the
   * replay benchmark rank with, in process.
   */
  public static RankingPipeline withVersion(
      FeatureStore store, InterestTaxonomy taxonomy, LearningSettings learning, LoadedModel model) {
    ModelRegistry registry =
        model == null ? new ModelRegistry(Path.of("no-model")) : ModelRegistry.fixed(model);
    return standard(
        store,
        taxonomy,
        learning,
        null,
        List.of(),
        List.of(new TwoTowerScorer(registry), new SequenceScorer(registry)),
        FreshItemSettings.defaults(),
        () -> model == null ? Optional.empty() : model.blend());
  }

  /**
   * @param candidateSources add candidates when the request brings none (retrieval, fresh items)
   * @param modelScorers learned-model scorers (two-tower, sequence), run after the rule scorers
   * @param fresh the share of the feed reserved for unproven fresh items
   * @param trainedBlend the trained blend of the model version in use (empty: hand-set weights)
   */
  public static RankingPipeline standard(
      FeatureStore store,
      InterestTaxonomy taxonomy,
      LearningSettings learning,
      MeterRegistry registry,
      List<? extends CandidateSource> candidateSources,
      List<? extends ModelScorer> modelScorers,
      FreshItemSettings fresh,
      Supplier<Optional<TrainedBlend>> trainedBlend) {
    return RankingPipeline.builder(new UserHydrator(store, taxonomy, learning.parentShare()))
        .candidateSources(candidateSources)
        .hydrator(new CatalogueHydrator(store, taxonomy))
        .filter(new TakedownFilter())
        .filter(new SeenFilter())
        .scorer(new EngagementScorer())
        .filter(new QualityFilter())
        .scorer(new DeclaredInterestScorer())
        .scorer(new LearnedInterestScorer())
        .scorer(new AuthorScorer())
        .modelScorers(modelScorers)
        .blender(new MaturityBlender(trainedBlend))
        .selector(new DiversitySelector())
        .selector(new ExplorationMixer())
        .selector(new FreshItemMixer(fresh))
        .build(registry);
  }
}
