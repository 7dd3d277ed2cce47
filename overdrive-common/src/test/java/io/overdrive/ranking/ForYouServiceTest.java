package io.overdrive.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.retrieval.RecentCatalogue;
import io.overdrive.retrieval.ScoredItem;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The steps every For You entry point runs around the ranking. */
class ForYouServiceTest {
  private final PipelineFixture f = new PipelineFixture();
  private final RecentCatalogue catalogue = new RecentCatalogue(100);
  private final ForYouService service =
      new ForYouService(
          new ForYouRanker(
              f.pipeline,
              ExperimentAssigner.none(RankingSettings.defaults()),
              Clock.fixed(PipelineFixture.NOW, ZoneOffset.UTC)),
          catalogue,
          f.registry);

  @Test
  void candidatesGoToTheCatalogueAndEachAnswerCountsOneExposureOfTheVariant() {
    RankResult r =
        service.rank(
            new RankRequest(
                "u",
                List.of(
                    PipelineFixture.item("p1", "a1", "food"),
                    PipelineFixture.item("p2", "a2", "gaming")),
                10));
    service.rank(new RankRequest("u", List.of(), 10));

    assertThat(r.items()).extracting(RankedItem::id).containsExactlyInAnyOrder("p1", "p2");
    assertThat(catalogue.newest(10, Set.of()))
        .extracting(ScoredItem::itemId)
        .containsExactly("p2", "p1");
    assertThat(
            f.registry
                .get(ForYouService.EXPOSURES_METRIC)
                .tag("experiment", "none")
                .tag("variant", "control")
                .counter()
                .count())
        .isEqualTo(2);
    var candidates = f.registry.get(ForYouService.CANDIDATES_METRIC).summary();
    assertThat(candidates.count()).isEqualTo(2);
    assertThat(candidates.totalAmount()).isEqualTo(2);
  }

  @Test
  void anEmptyRequestLeavesTheCatalogueAlone() {
    service.rank(new RankRequest("u", List.<Item>of(), 10));
    assertThat(catalogue.size()).isZero();
  }
}
