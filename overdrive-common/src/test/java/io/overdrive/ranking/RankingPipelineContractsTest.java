package io.overdrive.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.blender.MaturityBlender;
import io.overdrive.ranking.filter.FilterResult;
import io.overdrive.ranking.filter.QualityFilter;
import io.overdrive.ranking.hydrator.CatalogueHydrator;
import io.overdrive.ranking.hydrator.UserHydrator;
import io.overdrive.ranking.scorer.EngagementScorer;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.ranking.scorer.Scorer;
import io.overdrive.ranking.selector.DiversitySelector;
import io.overdrive.ranking.selector.Selection;
import io.overdrive.ranking.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** What each kind of stage may do, as the pipeline enforces it. */
class RankingPipelineContractsTest {
  private final PipelineFixture f = new PipelineFixture();
  private final Item spam =
      new Item("spam", "a1", "buy", List.of("food"), List.of(), null, null, 0.05);
  private final Item good =
      new Item("good", "a2", "a recipe", List.of("food"), List.of(), null, null, 0.9);

  private RankingPipeline.HydrationPhase start() {
    return RankingPipeline.builder(new UserHydrator(f.store, f.taxonomy, 0.5))
        .candidateSources(List.of())
        .hydrator(new CatalogueHydrator(f.store, f.taxonomy));
  }

  private RankResult rank(RankingPipeline p, Item... items) {
    return p.rank(
        new RankRequest("u", List.of(items), 10),
        RankingSettings.defaults(),
        "control",
        PipelineFixture.NOW);
  }

  private static Scorer scorer(
      String name, Set<FeatureSlot> writes, BiConsumer<List<Candidate>, FeatureWriter> body) {
    return new Scorer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<FeatureSlot> writes() {
        return writes;
      }

      @Override
      public void score(RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
        body.accept(candidates, out);
      }
    };
  }

  @Test
  void aScorerCannotWriteASlotItDoesNotDeclare() {
    RankingPipeline p =
        start()
            .scorer(
                scorer(
                    "Rogue",
                    Set.of(FeatureSlot.TWO_TOWER),
                    (cs, out) -> cs.forEach(c -> out.set(c, FeatureSlot.QUALITY, 1.0))))
            .blender(new MaturityBlender())
            .selector(new DiversitySelector())
            .build(null);
    assertThatThrownBy(() -> rank(p, good))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Rogue")
        .hasMessageContaining("quality");
  }

  @Test
  void twoStagesCannotWriteTheSameSlot() {
    ModelScorer quality =
        new ModelScorer() {
          @Override
          public String name() {
            return "QualityModel";
          }

          @Override
          public Set<FeatureSlot> writes() {
            return Set.of(FeatureSlot.QUALITY);
          }

          @Override
          public Optional<String> score(
              RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
            return Optional.empty();
          }
        };
    assertThatThrownBy(
            () ->
                ForYouPipelines.standard(
                    f.store, f.taxonomy, f.learning, null, List.of(), List.of(quality)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QualityModel writes [quality]");
  }

  @Test
  void aFilterMustComeAfterTheScorerOfWhatItReads() {
    assertThatThrownBy(() -> start().filter(new QualityFilter()).scorer(new EngagementScorer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QualityFilter reads [quality], which no stage before it writes");
  }

  @Test
  void scorersAfterAFilterNeverSeeWhatItRemoved() {
    List<String> seen = new ArrayList<>();
    RankingPipeline p =
        start()
            .scorer(new EngagementScorer())
            .filter(new QualityFilter())
            .scorer(scorer("Recorder", Set.of(), (cs, out) -> cs.forEach(c -> seen.add(c.id()))))
            .blender(new MaturityBlender())
            .selector(new DiversitySelector())
            .build(null);
    RankResult r = rank(p, spam, good);
    assertThat(seen).containsExactly("good");
    assertThat(r.dropped()).containsOnlyKeys("spam");
    assertThat(r.dropped().get("spam")).startsWith("QualityFilter: quality 0.05 below");
  }

  @Test
  void stagesCannotChangeTheCandidateList() {
    RankingPipeline p =
        start()
            .scorer(scorer("Clearer", Set.of(), (cs, out) -> cs.clear()))
            .blender(new MaturityBlender())
            .selector(new DiversitySelector())
            .build(null);
    assertThatThrownBy(() -> rank(p, good)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aFilterCanOnlyRemoveWhatItWasGiven() {
    RankingContext ctx = RankingContext.of(query(List.of(good)));
    RankingContext other = RankingContext.of(query(List.of(spam)));
    FilterResult.Builder result = FilterResult.of(ctx.candidates());
    result.remove(other.candidates().get(0), "not mine");
    assertThatThrownBy(result::build).isInstanceOf(IllegalStateException.class);

    FilterResult kept = FilterResult.of(ctx.candidates()).build();
    assertThat(kept.kept()).extracting(Candidate::id).containsExactly("good");
    assertThat(kept.removed()).isEmpty();
  }

  @Test
  void aFilterMayRemoveInAnyOrder() {
    Item third = PipelineFixture.item("third", "a3", "food");
    RankingContext ctx = RankingContext.of(query(List.of(spam, good, third)));
    List<Candidate> cs = ctx.candidates();
    FilterResult r =
        FilterResult.of(cs).remove(cs.get(2), "last").remove(cs.get(0), "first").build();
    assertThat(r.kept()).extracting(Candidate::id).containsExactly("good");
    assertThat(r.removed())
        .extracting(x -> x.candidate().id() + ": " + x.reason())
        .containsExactly("third: last", "spam: first");
  }

  @Test
  void aSelectorCannotPickMoreThanTheLimit() {
    Selector greedy =
        new Selector() {
          @Override
          public String name() {
            return "Greedy";
          }

          @Override
          public Selection select(
              RankingQuery query, List<Candidate> candidates, List<Candidate> selected) {
            return Selection.of(candidates);
          }
        };
    RankingPipeline p = start().blender(new MaturityBlender()).selector(greedy).build(null);
    assertThatThrownBy(
            () ->
                p.rank(
                    new RankRequest("u", List.of(spam, good), 1),
                    RankingSettings.defaults(),
                    "control",
                    PipelineFixture.NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Greedy picked 2 items for a limit of 1");
  }

  @Test
  void aPhaseTakesNoStagesOnceTheNextOneStarted() {
    RankingPipeline.HydrationPhase hydration = start();
    hydration.scorer(new EngagementScorer());
    assertThatThrownBy(() -> hydration.hydrator(new CatalogueHydrator(f.store, f.taxonomy)))
        .isInstanceOf(IllegalStateException.class);
  }

  private static RankingQuery query(List<Item> items) {
    return new RankingQuery(
        new RankRequest("u", items, 10),
        PipelineFixture.NOW,
        RankingSettings.defaults(),
        null,
        null,
        0);
  }
}
