package io.overdrive.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.InteractionType;
import io.overdrive.insights.RankingExplanation.ItemExplanation;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankingSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserInsightsTest {
  private final PipelineFixture f = new PipelineFixture();

  /** What GET /insights/{user_id} computes (the API's UserStateReader), given a ranking. */
  private interface InsightsOf {
    UserInsights forUser(String userId, Instant now, RankResult ranking);
  }

  private final InsightsOf insights =
      (userId, now, ranking) ->
          UserInsights.of(
              f.store.user(userId, now),
              f.taxonomy,
              RankingSettings.defaults(),
              f.learning.parentShare(),
              ranking);

  @Test
  void aNewUserIsInColdStartWithTheirDeclaredInterests() {
    f.signup("u", List.of("Sci-Fi"), "gamer", List.of("a7"));
    UserInsights i = insights.forUser("u", PipelineFixture.NOW, null);
    assertThat(i.known()).isTrue();
    assertThat(i.personalization().stage()).isEqualTo("cold_start");
    assertThat(i.personalization().level()).isZero();
    assertThat(i.declaredInterests())
        .extracting(UserInsights.WeightedName::name)
        .startsWith("sci_fi")
        .contains("gaming", "books");
    assertThat(i.learnedInterests()).isEmpty();
    assertThat(i.follows()).containsExactly("a7");
    assertThat(i.ranking()).isNull();
    assertThat(insights.forUser("stranger", PipelineFixture.NOW, null).known()).isFalse();
  }

  @Test
  void anActiveUserShowsLearnedInterestsCountsAuthorsAndLevel() {
    f.signup("u", List.of("gaming"), "", List.of());
    for (int i = 0; i < 30; i++) {
      f.interact(
          "u",
          PipelineFixture.item("f" + i, "chef", "food"),
          InteractionType.LIKE,
          0,
          PipelineFixture.NOW);
    }
    f.interact(
        "u",
        PipelineFixture.item("p", "pundit", "politics"),
        InteractionType.NOT_INTERESTED,
        0,
        PipelineFixture.NOW);
    UserInsights i = insights.forUser("u", PipelineFixture.NOW, null);
    assertThat(i.interactionCounts())
        .containsEntry("like", 30L)
        .containsEntry("not_interested", 1L);
    assertThat(i.personalization().meaningfulInteractions()).isEqualTo(31);
    assertThat(i.personalization().stage()).isEqualTo("warming_up");
    assertThat(i.learnedInterests().get(0).name()).isEqualTo("food");
    assertThat(i.aversions())
        .extracting(UserInsights.WeightedName::name)
        .containsExactly("politics");
    assertThat(i.topInterests().get(0).name()).isEqualTo("food");
    assertThat(i.authorAffinities().get(0).name()).isEqualTo("chef");
    assertThat(i.recentItems()).hasSize(10).startsWith("f29");
  }

  @Test
  void theExplanationGroupsEachItemsSignalsByStage() {
    f.signup("u", List.of("gaming"), "", List.of());
    RankResult r =
        f.rank(
            "u",
            List.of(
                PipelineFixture.item("g", "a1", "gaming"), PipelineFixture.item("x", "a2", "food")),
            2);
    UserInsights i = insights.forUser("u", PipelineFixture.NOW, r);
    RankingExplanation e = i.ranking();
    assertThat(e.variant()).isEqualTo("control");
    assertThat(e.stages().keySet()).containsExactlyElementsOf(f.pipeline.stageNames());
    ItemExplanation top = e.items().get(0);
    assertThat(top.id()).isEqualTo("g");
    assertThat(top.byStage().keySet()).first().isEqualTo("DeclaredInterestScorer");
    assertThat(top.byStage().get("DeclaredInterestScorer").get(0).detail()).isEqualTo("gaming");
    assertThat(top.byStage()).containsKeys("EngagementScorer", "AuthorScorer");
    // a new user: learned signals carry no weight yet
    assertThat(top.byStage()).doesNotContainKey("LearnedInterestScorer");
    assertThat(top.features()).containsKey("declared_interest");
  }
}
