package io.overdrive.ranking.blender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.ranking.Contribution;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaturityBlendTest {
  /** Diversity and exploration off: these tests watch the blend alone. */
  private static final RankingSettings NO_CAPS =
      RankingSettings.defaults()
          .withOverrides(
              Map.of("max_interest_share", 1.0, "exploration_share", 0, "mmr_lambda", 1.0));

  @Test
  void theCurveStartsAtZeroHalvesAtTheHalfPointAndRises() {
    RankingSettings s = RankingSettings.defaults();
    assertThat(s.personalization(0)).isZero();
    assertThat(s.personalization((long) s.maturityHalfPoint())).isCloseTo(0.5, within(1e-9));
    double previous = 0;
    for (long n = 1; n < 1000; n *= 2) {
      assertThat(s.personalization(n)).isGreaterThan(previous).isLessThan(1);
      previous = s.personalization(n);
    }
    // a steeper curve holds cold start longer, then hands over faster
    RankingSettings steep = s.withOverrides(Map.of("maturity_steepness", 3));
    assertThat(steep.personalization(5)).isLessThan(s.personalization(5));
    assertThat(steep.personalization(80)).isGreaterThan(s.personalization(80));
  }

  /**
   * A user declares gaming and then keeps liking food: as their interactions accumulate the blend's
   * weight moves from the declared signal to the learned one, and the feed follows.
   */
  @Test
  void weightMovesFromDeclaredToLearnedAsInteractionsAccumulate() {
    PipelineFixture f = new PipelineFixture();
    f.signup("u", List.of("gaming"), "", List.of());
    List<Item> candidates = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      candidates.add(PipelineFixture.item("g" + i, "ga" + i, "gaming"));
      candidates.add(PipelineFixture.item("f" + i, "fa" + i, "food"));
    }
    int liked = 0;
    double previousLearnedWeight = -1;
    double previousDeclaredWeight = 2;
    List<Double> foodShares = new ArrayList<>();
    for (int target : new int[] {0, 5, 20, 80, 300}) {
      while (liked < target) {
        f.interact(
            "u",
            PipelineFixture.item("h" + liked, "x" + liked, "food"),
            InteractionType.LIKE,
            0,
            PipelineFixture.NOW);
        liked++;
      }
      RankResult r = f.rank("u", candidates, 10, NO_CAPS);
      assertThat(r.personalization()).isCloseTo(NO_CAPS.personalization(liked), within(1e-9));
      double foodShare = r.items().stream().filter(i -> i.id().startsWith("f")).count() / 10.0;
      foodShares.add(foodShare);
      RankedItem top = r.items().get(0);
      double learnedWeight = weightOf(top, "learned_interest");
      double declaredWeight = weightOf(top, "declared_interest");
      assertThat(learnedWeight).isGreaterThan(previousLearnedWeight);
      assertThat(declaredWeight).isLessThan(previousDeclaredWeight);
      previousLearnedWeight = learnedWeight;
      previousDeclaredWeight = declaredWeight;
    }
    assertThat(foodShares.get(0)).isZero(); // a new user's feed is what they declared
    assertThat(foodShares.get(4)).isEqualTo(1.0); // a known user's feed is what they do
    for (int i = 1; i < foodShares.size(); i++) {
      assertThat(foodShares.get(i)).isGreaterThanOrEqualTo(foodShares.get(i - 1));
    }
  }

  @Test
  void theCurveIsASetting() {
    PipelineFixture f = new PipelineFixture();
    f.signup("u", List.of("gaming"), "", List.of());
    for (int i = 0; i < 10; i++) {
      f.interact(
          "u",
          PipelineFixture.item("h" + i, "x" + i, "food"),
          InteractionType.LIKE,
          0,
          PipelineFixture.NOW);
    }
    List<Item> candidates =
        List.of(PipelineFixture.item("g", "a1", "gaming"), PipelineFixture.item("f", "a2", "food"));
    RankingSettings fast = NO_CAPS.withOverrides(Map.of("maturity_half_point", 2));
    RankingSettings slow = NO_CAPS.withOverrides(Map.of("maturity_half_point", 200));
    assertThat(f.rank("u", candidates, 2, fast).items().get(0).id()).isEqualTo("f");
    assertThat(f.rank("u", candidates, 2, slow).items().get(0).id()).isEqualTo("g");
  }

  /**
   * Without a model, a known user's feed leans on what many people chose (decision 0108), while a
   * new user's first feed still follows what they declared: the cold side has no popularity.
   */
  @Test
  void knownUsersLeanOnWhatManyChoseNewUsersOnWhatTheyDeclared() {
    PipelineFixture f = new PipelineFixture();
    Item chosenByMany = PipelineFixture.item("popular", "a1", "travel");
    Item niche = PipelineFixture.item("niche", "a2", "food");
    Item unknown = PipelineFixture.item("other", "a3", "travel");
    for (int u = 0; u < 30; u++) {
      f.interact("crowd" + u, chosenByMany, InteractionType.LIKE, 0, PipelineFixture.NOW);
    }
    f.signup("new", List.of("food"), "", List.of());
    f.signup("known", List.of(), "", List.of());
    for (int i = 0; i < 100; i++) { // mostly food, some travel: both topics are theirs
      Item seen = PipelineFixture.item("h" + i, "x" + i, i % 4 == 0 ? "travel" : "food");
      f.interact("known", seen, InteractionType.LIKE, 0, PipelineFixture.NOW);
    }
    List<Item> candidates = List.of(niche, unknown, chosenByMany);
    List<String> known =
        f.rank("known", candidates, 3, NO_CAPS).items().stream().map(RankedItem::id).toList();
    List<String> fresh =
        f.rank("new", candidates, 3, NO_CAPS).items().stream().map(RankedItem::id).toList();
    assertThat(known.get(0)).isEqualTo("popular");
    // between two items nobody chose, the one of their main topic first
    assertThat(known.indexOf("niche")).isLessThan(known.indexOf("other"));
    assertThat(fresh.get(0)).isEqualTo("niche");
  }

  @Test
  void aSignalNoStageProducedGivesItsWeightToTheOthers() {
    RankingSettings s = RankingSettings.defaults();
    Blend blend = Blend.of(s, 1.0);
    io.overdrive.features.FeatureVector withoutModels = new io.overdrive.features.FeatureVector();
    for (String name : s.learnedWeights().keySet()) {
      var slot = io.overdrive.features.FeatureSlot.byName(name);
      if (slot != io.overdrive.features.FeatureSlot.TWO_TOWER
          && slot != io.overdrive.features.FeatureSlot.SEQUENCE) {
        withoutModels.set(slot, 1.0);
      }
    }
    // every present signal at 1 and shares that sum to 1 give a score of 1
    assertThat(blend.score(withoutModels)).isCloseTo(1.0, within(1e-9));
    double learnedShare =
        blend.share(withoutModels, io.overdrive.features.FeatureSlot.LEARNED_INTEREST);
    assertThat(learnedShare)
        .isCloseTo(
            0.05 / (s.learnedWeights().values().stream().mapToDouble(w -> w).sum() - 0.40),
            within(1e-9)); // the models' 0.40 went to the rest
  }

  private static double weightOf(RankedItem item, String signal) {
    return item.contributions().stream()
        .filter(c -> c.signal().equals(signal))
        .mapToDouble(Contribution::weight)
        .findFirst()
        .orElse(0);
  }
}
