package io.overdrive.ranking.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplorationMixerTest {
  private final PipelineFixture f = new PipelineFixture();
  private final List<Item> candidates = new ArrayList<>();

  ExplorationMixerTest() {
    String[] topics = {"gaming", "food", "travel", "music", "books", "pets", "politics"};
    for (String t : topics) {
      for (int i = 0; i < 6; i++) {
        candidates.add(PipelineFixture.item(t + i, t + "-author" + i, t));
      }
    }
  }

  @Test
  void aNewUsersFeedExploresBeyondWhatTheyDeclared() {
    f.signup("u", List.of("gaming", "food"), "", List.of());
    RankResult r = f.rank("u", candidates, 20);
    List<RankedItem> explored =
        r.items().stream()
            .filter(i -> i.reasons().stream().anyMatch(x -> x.startsWith(ExplorationMixer.REASON)))
            .toList();
    assertThat(explored).hasSize(RankingSettings.defaults().explorationSlots(20, 0)).hasSize(2);
    for (RankedItem i : explored) {
      assertThat(i.id()).doesNotStartWith("gaming").doesNotStartWith("food");
      assertThat(i.rank()).isGreaterThan(3);
    }
    // one per interest
    assertThat(explored.stream().map(i -> i.id().replaceAll("\\d", "")).distinct()).hasSize(2);
    assertThat(r.items()).hasSize(20);
  }

  @Test
  void aKnownUserIsNotExploredAndTheShareIsASetting() {
    f.signup("u", List.of("gaming"), "", List.of());
    for (int i = 0; i < 400; i++) {
      f.interact(
          "u",
          PipelineFixture.item("h" + i, "x", "gaming"),
          InteractionType.LIKE,
          0,
          PipelineFixture.NOW);
    }
    assertThat(exploredCount(f.rank("u", candidates, 20))).isZero();

    f.signup("new", List.of("gaming"), "", List.of());
    RankingSettings off = RankingSettings.defaults().withOverrides(Map.of("exploration_share", 0));
    assertThat(exploredCount(f.rank("new", candidates, 20, off))).isZero();
    RankingSettings more =
        RankingSettings.defaults().withOverrides(Map.of("exploration_share", 0.25));
    assertThat(exploredCount(f.rank("new", candidates, 20, more))).isEqualTo(5);
  }

  @Test
  void explorationAvoidsWhatTheUserRejected() {
    f.signup("u", List.of("gaming"), "", List.of());
    f.interact(
        "u",
        PipelineFixture.item("p", "x", "politics"),
        InteractionType.NOT_INTERESTED,
        0,
        PipelineFixture.NOW);
    RankingSettings wide =
        RankingSettings.defaults().withOverrides(Map.of("exploration_share", 0.5));
    RankResult r = f.rank("u", candidates, 20, wide);
    assertThat(exploredCount(r)).isPositive();
    assertThat(r.items())
        .filteredOn(i -> i.reasons().stream().anyMatch(x -> x.startsWith(ExplorationMixer.REASON)))
        .allSatisfy(i -> assertThat(i.id()).doesNotStartWith("politics"));
  }

  private static long exploredCount(RankResult r) {
    return r.items().stream()
        .filter(i -> i.reasons().stream().anyMatch(x -> x.startsWith(ExplorationMixer.REASON)))
        .count();
  }
}
