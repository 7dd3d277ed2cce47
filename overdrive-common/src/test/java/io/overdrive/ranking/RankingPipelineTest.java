package io.overdrive.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.ranking.blender.MaturityBlender;
import io.overdrive.ranking.filter.Filter;
import io.overdrive.ranking.filter.FilterResult;
import io.overdrive.ranking.hydrator.UserHydrator;
import io.overdrive.ranking.scorer.ModelScorer;
import io.overdrive.synthetic.SyntheticWorld;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingPipelineTest {
  private final PipelineFixture f = new PipelineFixture();

  @Test
  void theStandardListOfStages() {
    assertThat(f.pipeline.stageNames())
        .containsExactly(
            "UserHydrator",
            "CatalogueHydrator",
            "TakedownFilter",
            "SeenFilter",
            "EngagementScorer",
            "QualityFilter",
            "DeclaredInterestScorer",
            "LearnedInterestScorer",
            "AuthorScorer",
            "MaturityBlender",
            "DiversitySelector",
            "ExplorationMixer",
            "FreshItemMixer");
  }

  @Test
  void everyStageTagsItsLatencyMetric() {
    f.rank("u", List.of(PipelineFixture.item("i1", "a", "gaming")), 10);
    for (String stage : f.pipeline.stageNames()) {
      Timer t = f.registry.find(RankingPipeline.STAGE_TIMER).tag("stage", stage).timer();
      assertThat(t).as(stage).isNotNull();
      assertThat(t.count()).as(stage).isEqualTo(1);
    }
  }

  @Test
  void reasonsNameTheStageAndSignalThatPutTheItemThere() {
    f.signup("u", List.of("gaming"), "", List.of("a7"));
    RankResult r =
        f.rank(
            "u",
            List.of(
                PipelineFixture.item("game", "a1", "#PS5"),
                PipelineFixture.item("followed", "a7", "knitting"),
                PipelineFixture.item("other", "a2", "knitting")),
            3);
    RankedItem game = byId(r, "game");
    assertThat(game.rank()).isEqualTo(1);
    // the user declared gaming; the #PS5 post matches through the grouping
    assertThat(game.reasons().get(0)).isEqualTo("DeclaredInterestScorer:declared_interest:gaming");
    assertThat(byId(r, "followed").reasons()).contains("AuthorScorer:followed_author:a7");
    // every reason word starts with a stage of the pipeline
    for (RankedItem i : r.items()) {
      assertThat(i.reasons())
          .allSatisfy(reason -> assertThat(f.pipeline.stageNames()).contains(reason.split(":")[0]));
    }
  }

  @Test
  void contributionsAddUpToTheScore() {
    f.signup("u", List.of("food"), "", List.of());
    RankResult r =
        f.rank(
            "u",
            List.of(
                PipelineFixture.item("a", "a1", "food"), PipelineFixture.item("b", "a2", "travel")),
            2);
    for (RankedItem i : r.items()) {
      double sum = i.contributions().stream().mapToDouble(Contribution::contribution).sum();
      assertThat(sum).isCloseTo(i.score(), within(1e-9));
      double weights = i.contributions().stream().mapToDouble(Contribution::weight).sum();
      assertThat(weights).isCloseTo(1.0, within(1e-9));
      assertThat(i.features()).containsKeys("declared_interest", "quality", "engagement");
    }
  }

  @Test
  void itemsBelowTheQualityThresholdAreDroppedWithTheReason() {
    Item spam = new Item("spam", "a1", "buy", List.of("food"), List.of(), null, null, 0.05);
    Item good = new Item("good", "a2", "a recipe", List.of("food"), List.of(), null, null, 0.9);
    RankResult r = f.rank("u", List.of(spam, good), 10);
    assertThat(r.items()).extracting(RankedItem::id).containsExactly("good");
    assertThat(r.dropped().get("spam")).startsWith("QualityFilter: quality 0.05 below");
    RankResult lenient =
        f.rank(
            "u",
            List.of(spam, good),
            10,
            RankingSettings.defaults().withOverrides(Map.of("min_quality", 0)));
    assertThat(lenient.items()).hasSize(2);
    RankResult strict =
        f.rank(
            "u",
            List.of(spam, good),
            10,
            RankingSettings.defaults().withOverrides(Map.of("min_quality", 0.5)));
    assertThat(strict.dropped().get("spam"))
        .isEqualTo("QualityFilter: quality 0.05 below the threshold 0.50");
  }

  @Test
  void reportedItemsFallBelowTheThreshold() {
    Item item = PipelineFixture.item("r", "a1", "food");
    f.store.putItems(List.of(item));
    for (int i = 0; i < 40; i++) {
      f.interact("v" + i, item, InteractionType.IMPRESSION, 0, PipelineFixture.NOW);
      if (i % 3 == 0) {
        f.interact("v" + i, item, InteractionType.REPORT, 0, PipelineFixture.NOW);
      }
    }
    RankResult r = f.rank("u", List.of(Item.withId("r")), 10);
    assertThat(r.items()).isEmpty();
    assertThat(r.dropped()).containsKey("r");
  }

  @Test
  void itemsTheUserEngagedWithAreNotShownAgain() {
    Item seen = PipelineFixture.item("seen", "a1", "food");
    f.interact("u", seen, InteractionType.LIKE, 0, PipelineFixture.NOW);
    RankResult r = f.rank("u", List.of(seen, PipelineFixture.item("new", "a2", "food")), 10);
    assertThat(r.items()).extracting(RankedItem::id).containsExactly("new");
    assertThat(r.dropped()).containsEntry("seen", "SeenFilter: already engaged");
  }

  @Test
  void anUnknownUserGetsAColdStartRankingByPriors() {
    Item popular =
        new Item(
            "pop", "a1", "x", List.of("food"), List.of("video"), PipelineFixture.NOW, 0.3, 0.9);
    Item dull =
        new Item(
            "dull",
            "a2",
            "x",
            List.of("food"),
            List.of(),
            PipelineFixture.NOW.minusSeconds(86_400 * 5),
            0.01,
            0.4);
    RankResult r = f.rank("nobody", List.of(dull, popular), 10);
    assertThat(r.personalization()).isZero();
    assertThat(r.items()).extracting(RankedItem::id).containsExactly("pop", "dull");
  }

  @Test
  void bareIdsAreFilledFromTheCatalogue() {
    f.store.putItems(List.of(PipelineFixture.item("c1", "a1", "gaming")));
    f.signup("u", List.of("gaming"), "", List.of());
    RankResult r = f.rank("u", List.of(Item.withId("c1"), Item.withId("unknown")), 10);
    assertThat(r.items().get(0).id()).isEqualTo("c1");
    assertThat(r.items().get(0).features().get("declared_interest")).isEqualTo(1.0);
  }

  /**
   * The pipeline reuses its feature vectors' memory from ranking to ranking (FeatureSlab): a
   * ranking after others is exactly the ranking a fresh pipeline gives (scores, reasons,
   * contributions and features, bit for bit), for learned users, a cold one and bare ids from the
   * catalogue.
   */
  @Test
  void aRankingIsTheSameAfterOtherRankingsReusedItsMemory() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(12).withItems(1500).withAuthors(40));
    PipelineFixture reused = loaded(world);
    SplittableRandom rnd = new SplittableRandom(3);
    List<String> users = new ArrayList<>();
    world.users().forEach(u -> users.add(u.id()));
    users.add("cold-user");
    List<List<Item>> candidates = new ArrayList<>();
    for (int r = 0; r < users.size(); r++) {
      Set<String> ids = new LinkedHashSet<>();
      while (ids.size() < 400) {
        ids.add("i" + rnd.nextInt(1500));
      }
      // bare ids, some described in full (as a gateway sends them)
      candidates.add(
          ids.stream()
              .map(id -> id.hashCode() % 3 == 0 ? world.item(id).item() : Item.withId(id))
              .toList());
    }
    List<List<RankedItem>> afterOthers = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      afterOthers.clear();
      for (int i = 0; i < users.size(); i++) {
        afterOthers.add(reused.rank(users.get(i), candidates.get(i), 30).items());
      }
    }
    for (int i = 0; i < users.size(); i++) {
      // a new pipeline's first ranking: memory nobody used
      List<RankedItem> first = loaded(world).rank(users.get(i), candidates.get(i), 30).items();
      assertThat(first).as(users.get(i)).hasSize(30);
      assertThat(afterOthers.get(i)).as(users.get(i)).isEqualTo(first);
    }
  }

  private static PipelineFixture loaded(SyntheticWorld world) {
    PipelineFixture x = new PipelineFixture();
    x.store.putItems(world.catalogue());
    for (SyntheticWorld.SyntheticUser u : world.users()) {
      x.store.putProfile(u.profile());
      x.ingestor.ingest(world.interactions(u));
    }
    return x;
  }

  @Test
  void stagesMustHaveDistinctNames() {
    assertThatThrownBy(
            () ->
                RankingPipeline.builder(new UserHydrator(f.store, f.taxonomy, 0.5))
                    .candidateSources(List.of())
                    .filter(filter("Same"))
                    .filter(filter("Same"))
                    .blender(new MaturityBlender())
                    .build(null))
        .hasMessageContaining("Same");
  }

  @Test
  void aSignalOfAnotherTeamsScorerIsAttributedToItsStage() {
    ModelScorer twoTower =
        new ModelScorer() {
          @Override
          public String name() {
            return "TwoTowerScorer";
          }

          @Override
          public Set<FeatureSlot> writes() {
            return Set.of(FeatureSlot.TWO_TOWER);
          }

          @Override
          public Optional<String> score(
              RankingQuery query, List<Candidate> candidates, FeatureWriter out) {
            candidates.forEach(c -> out.set(c, FeatureSlot.TWO_TOWER, 0.9, "v1"));
            return Optional.empty();
          }
        };
    RankingPipeline p =
        ForYouPipelines.standard(
            f.store, f.taxonomy, f.learning, null, List.of(), List.of(twoTower));
    for (int i = 0; i < 100; i++) {
      f.interact(
          "u",
          PipelineFixture.item("h" + i, "a", "food"),
          InteractionType.LIKE,
          0,
          PipelineFixture.NOW);
    }
    RankResult r =
        p.rank(
            new RankRequest("u", List.of(PipelineFixture.item("x", "a9", "food")), 1),
            RankingSettings.defaults(),
            "control",
            PipelineFixture.NOW);
    assertThat(r.items().get(0).contributions())
        .anySatisfy(
            c -> {
              assertThat(c.stage()).isEqualTo("TwoTowerScorer");
              assertThat(c.signal()).isEqualTo("two_tower");
            });
    assertThat(r.stageMillis()).containsKey("TwoTowerScorer");
  }

  static Filter filter(String name) {
    return new Filter() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public FilterResult filter(RankingQuery query, List<Candidate> candidates) {
        return FilterResult.keepAll(candidates);
      }
    };
  }

  static RankedItem byId(RankResult r, String id) {
    return r.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }
}
