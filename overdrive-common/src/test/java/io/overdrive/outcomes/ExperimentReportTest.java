package io.overdrive.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-arm figures: clustered intervals, lift and verdicts, and attribution by ranking id. */
class ExperimentReportTest {
  private static final Arm CONTROL = new Arm("exp", "control");
  private static final Arm TREATMENT = new Arm("exp", "treatment");
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  /**
   * Users with a like probability each (drawn around {@code rate}): their impressions and likes.
   */
  private static int[][] users(SplittableRandom rnd, int n, double rate) {
    int[][] out = new int[n][2];
    for (int u = 0; u < n; u++) {
      double p = Math.min(1, Math.max(0, rate + (rnd.nextDouble() - 0.5) * rate));
      int impressions = 5 + rnd.nextInt(40);
      int likes = 0;
      for (int i = 0; i < impressions; i++) {
        likes += rnd.nextDouble() < p ? 1 : 0;
      }
      out[u] = new int[] {impressions, likes};
    }
    return out;
  }

  private static void count(OutcomeAccumulator acc, Arm arm, String prefix, int[][] users) {
    int e = 0;
    for (int u = 0; u < users.length; u++) {
      for (int i = 0; i < users[u][0]; i++) {
        String id = RankingIds.next(arm.code());
        acc.add(
            prefix + u,
            Outcome.of(event(prefix + e++, prefix + u, InteractionType.IMPRESSION, id)));
        if (i < users[u][1]) {
          acc.add(
              prefix + u, Outcome.of(event(prefix + e++, prefix + u, InteractionType.LIKE, id)));
        }
      }
      acc.addRanking(arm);
    }
  }

  private static Interaction event(String id, String user, InteractionType type, String rankingId) {
    return new Interaction(
        id, user, "i1", null, type, 0, null, 0, null, null, T0, List.of(), rankingId, null);
  }

  @Test
  void theIntervalIsTheDeltaMethodOverUsersComputedFromRunningSums() {
    SplittableRandom rnd = new SplittableRandom(3);
    int[][] users = users(rnd, 200, 0.2);
    OutcomeAccumulator acc = new OutcomeAccumulator();
    count(acc, CONTROL, "c", users);
    // by hand, from the per-user totals
    double x = 0;
    double y = 0;
    for (int[] u : users) {
      x += u[0];
      y += u[1];
    }
    double r = y / x;
    double residual = 0;
    for (int[] u : users) {
      residual += Math.pow(u[1] - r * u[0], 2);
    }
    double se = Math.sqrt(residual / (x * x) * users.length / (users.length - 1.0));

    ExperimentReport report =
        ExperimentReport.of("exp", List.of(CONTROL), Map.of(), false, acc.totals());
    ExperimentReport.Estimate like = report.variant("control").likeRate();
    assertThat(like.value()).isCloseTo(r, within(1e-6));
    assertThat(like.ciLow()).isCloseTo(r - 1.959964 * se, within(1e-5));
    assertThat(like.ciHigh()).isCloseTo(r + 1.959964 * se, within(1e-5));
    assertThat(report.variant("control").users()).isEqualTo(200);
    assertThat(report.variant("control").rankings()).isEqualTo(200);
  }

  @Test
  void aTrulyBetterArmIsBetterAnEqualOneUndecidedAndFewUsersGiveNoVerdict() {
    SplittableRandom rnd = new SplittableRandom(5);
    OutcomeAccumulator acc = new OutcomeAccumulator();
    count(acc, CONTROL, "c", users(rnd, 300, 0.10));
    count(acc, TREATMENT, "t", users(rnd, 300, 0.15));
    ExperimentReport.VariantReport t =
        ExperimentReport.of("exp", List.of(CONTROL, TREATMENT), Map.of(), false, acc.totals())
            .variant("treatment");
    assertThat(t.verdict()).isEqualTo(ExperimentReport.BETTER);
    ExperimentReport.Lift lift = t.lift().get("engagement_rate");
    assertThat(lift.ciLow()).isGreaterThan(0);
    assertThat(lift.relative()).isBetween(0.3, 0.7);

    OutcomeAccumulator same = new OutcomeAccumulator();
    count(same, CONTROL, "c", users(rnd, 300, 0.10));
    count(same, TREATMENT, "t", users(rnd, 300, 0.10));
    ExperimentReport.Lift aa =
        ExperimentReport.of("exp", List.of(CONTROL, TREATMENT), Map.of(), false, same.totals())
            .variant("treatment")
            .lift()
            .get("engagement_rate");
    assertThat(aa.verdict()).isEqualTo(ExperimentReport.UNDECIDED);
    assertThat(aa.ciLow()).isNegative();
    assertThat(aa.ciHigh()).isPositive();

    OutcomeAccumulator few = new OutcomeAccumulator();
    count(few, CONTROL, "c", users(rnd, 10, 0.05));
    count(few, TREATMENT, "t", users(rnd, 10, 0.5));
    assertThat(
            ExperimentReport.of("exp", List.of(CONTROL, TREATMENT), Map.of(), false, few.totals())
                .variant("treatment")
                .verdict())
        .isEqualTo(ExperimentReport.UNDECIDED);
  }

  @Test
  void anEventCountsForTheArmItsRankingIdNamesElseForItsTagsElseForNone() {
    String offId = RankingIds.next(new Arm("exp", Arm.OVERDRIVE_OFF).code());
    Interaction tagged =
        new Interaction(
            "e1",
            "u1",
            "i1",
            null,
            InteractionType.LIKE,
            0,
            null,
            0,
            null,
            "control",
            T0,
            List.of(),
            offId,
            "exp");
    assertThat(Attribution.armCode(tagged)).isEqualTo(new Arm("exp", Arm.OVERDRIVE_OFF).code());
    Interaction onlyTags =
        new Interaction(
            "e2",
            "u1",
            "i1",
            null,
            InteractionType.LIKE,
            0,
            null,
            0,
            null,
            "control",
            T0,
            List.of(),
            null,
            "exp");
    assertThat(Attribution.armCode(onlyTags)).isEqualTo(CONTROL.code());
    assertThat(Attribution.armCode(Interaction.of("e3", "u1", "i1", InteractionType.LIKE, T0)))
        .isNull();
    assertThat(RankingIds.check("ranking_id", offId)).isEqualTo(offId);
    assertThatThrownBy(() -> RankingIds.check("[0].ranking_id", "not-ours"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("ranking id");
  }

  @Test
  void aLongViewIsAViewOfTenSecondsOrMostOfTheItem() {
    Interaction shortView =
        new Interaction(
            "v1", "u", "i", null, InteractionType.VIEW, 3000, 0.2, 0, null, null, T0, List.of());
    Interaction longView =
        new Interaction(
            "v2", "u", "i", null, InteractionType.VIEW, 12_000, null, 0, null, null, T0, List.of());
    Interaction watched =
        new Interaction(
            "v3", "u", "i", null, InteractionType.VIEW, 2000, 0.9, 0, null, null, T0, List.of());
    assertThat(Outcome.longView(shortView)).isFalse();
    assertThat(Outcome.longView(longView)).isTrue();
    assertThat(Outcome.longView(watched)).isTrue();
  }
}
