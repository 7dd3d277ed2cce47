package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.interests.InterestTaxonomy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngagementFeaturesTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private final InteractionUpdater updater =
      new InteractionUpdater(InterestTaxonomy.loadDefault(), LearningSettings.defaults());

  @Test
  void oneLikeOfOneViewIsNotAHundredPercent() {
    ItemStats oneOfOne = new ItemStats(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    EngagementFeatures e = EngagementFeatures.of(Item.withId("x"), oneOfOne);
    assertThat(e.engagementRate())
        .isLessThan(0.1)
        .isGreaterThan(EngagementFeatures.PRIOR_ENGAGEMENT);
    assertThat(e.likeRate()).isLessThan(0.1);
  }

  @Test
  void evidenceOutweighsThePriorAsItAccumulates() {
    ItemStats many = new ItemStats(10_000, 8_000, 2_000, 500, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(EngagementFeatures.of(Item.withId("x"), many).engagementRate())
        .isCloseTo(0.25, within(0.01));
    // a caller's estimate is the prior mean: with no observations it is the rate
    Item estimated = new Item("y", null, null, null, null, null, 0.2, null);
    assertThat(EngagementFeatures.of(estimated, ItemStats.EMPTY).engagementRate())
        .isCloseTo(0.2, within(1e-9));
  }

  @Test
  void engagementsWithoutImpressionsStillSmooth() {
    ItemStats likesOnly = new ItemStats(0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(EngagementFeatures.of(Item.withId("x"), likesOnly).engagementRate()).isLessThan(0.2);
  }

  @Test
  void recentRateFollowsWhatHappenedLately() {
    // last month: 1000 impressions, 10 engagements; this week: 200 impressions, 60 engagements
    Map<String, String> fields = new HashMap<>();
    apply(fields, T0, 1000, 10);
    Instant now = T0.plus(Duration.ofDays(30));
    apply(fields, now.minus(Duration.ofDays(1)), 200, 60);
    ItemStats stats = InteractionUpdater.decodeItemStats(fields);
    assertThat(stats.hasRecent()).isTrue();
    EngagementFeatures e = EngagementFeatures.of(Item.withId("i"), stats, now);
    assertThat(e.engagementRate()).isCloseTo(70 / 1250.0, within(0.01));
    assertThat(e.recentEngagementRate()).isGreaterThan(0.15).isGreaterThan(2 * e.engagementRate());
    // without recency the recent rate is the all-time one
    assertThat(EngagementFeatures.of(Item.withId("i"), stats).recentEngagementRate())
        .isEqualTo(e.engagementRate());
  }

  @Test
  void recentRateFadesBackAsTimePasses() {
    Map<String, String> fields = new HashMap<>();
    apply(fields, T0, 100, 40);
    ItemStats stats = InteractionUpdater.decodeItemStats(fields);
    double fresh = EngagementFeatures.of(Item.withId("i"), stats, T0).recentEngagementRate();
    double later =
        EngagementFeatures.of(Item.withId("i"), stats, T0.plus(Duration.ofDays(60)))
            .recentEngagementRate();
    double allTime = EngagementFeatures.of(Item.withId("i"), stats).engagementRate();
    assertThat(Math.abs(later - allTime)).isLessThan(Math.abs(fresh - allTime) / 5);
  }

  @Test
  void normalizedEngagementMapsThePriorToOneHalf() {
    assertThat(EngagementFeatures.normalized(EngagementFeatures.PRIOR_ENGAGEMENT)).isEqualTo(0.5);
    assertThat(EngagementFeatures.normalized(0.9)).isLessThan(1);
  }

  @Test
  void freshnessHalvesEveryHalfLife() {
    Duration day = Duration.ofDays(1);
    assertThat(Freshness.of(T0, T0, day)).isEqualTo(1.0);
    assertThat(Freshness.of(T0, T0.plus(day), day)).isCloseTo(0.5, within(1e-9));
    assertThat(Freshness.of(T0, T0.plus(day.multipliedBy(2)), day)).isCloseTo(0.25, within(1e-9));
    assertThat(Freshness.of(null, T0, day)).isEqualTo(Freshness.UNKNOWN);
    assertThat(Freshness.of(T0.plusSeconds(60), T0, day)).isEqualTo(1.0);
  }

  /** Applies impressions and likes to a raw item hash the way every store does. */
  private void apply(Map<String, String> fields, Instant at, int impressions, int likes) {
    for (int i = 0; i < impressions; i++) {
      add(fields, updater.delta(event(InteractionType.IMPRESSION, at)).itemIncrements());
    }
    for (int i = 0; i < likes; i++) {
      add(fields, updater.delta(event(InteractionType.LIKE, at)).itemIncrements());
    }
  }

  private static void add(Map<String, String> fields, Map<String, Double> increments) {
    increments.forEach(
        (k, v) ->
            fields.merge(
                k,
                Double.toString(v),
                (a, b) -> Double.toString(Double.parseDouble(a) + Double.parseDouble(b))));
  }

  private static Interaction event(InteractionType type, Instant at) {
    return new Interaction(
        "e", "u", "i", "a", type, 0, null, null, null, null, at, List.of("gaming"));
  }
}
