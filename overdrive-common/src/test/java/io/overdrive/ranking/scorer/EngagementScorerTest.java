package io.overdrive.ranking.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.features.ContentQuality;
import io.overdrive.features.EngagementFeatures;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureValues;
import io.overdrive.features.Freshness;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.HydrationWriter;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.hydrator.CandidateHydrator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engagement scorer computes what is the same for every candidate once per ranking (the recent
 * decay's power, {@code now} and the half-life in milliseconds); its signals must stay bit for bit
 * those of the per-candidate definitions ({@link EngagementFeatures#of(Item, ItemStats, Instant)},
 * {@link Freshness#of(Instant, Instant, Duration)}, ...), which the ranking contract, the replay
 * figures and trained blends rely on.
 */
class EngagementScorerTest {
  private static final Instant NOW = Instant.parse("2026-12-07T11:30:00.123Z");

  @Test
  void signalsAreBitForBitThoseOfTheDefinitions() {
    SplittableRandom random = new SplittableRandom(15);
    List<Item> items = new ArrayList<>();
    List<ItemStats> stats = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      items.add(item("i" + i, random));
      stats.add(stats(random));
    }
    RankingContext ctx = context(items, stats);
    ctx.run(new EngagementScorer());

    double maxAudience = 0;
    for (ItemStats s : stats) {
      maxAudience = Math.max(maxAudience, EngagementScorer.audience(s));
    }
    double logMax = Math.log1p(maxAudience);
    Duration half = RankingSettings.defaults().freshnessHalfLife();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      ItemStats s = stats.get(i);
      FeatureValues f = ctx.candidates().get(i).features();
      EngagementFeatures e = EngagementFeatures.of(item, s, NOW);
      assertBits(
          f, FeatureSlot.ENGAGEMENT, EngagementFeatures.normalized(e.recentEngagementRate()));
      assertBits(f, FeatureSlot.ENGAGEMENT_RATE, e.engagementRate());
      assertBits(f, FeatureSlot.RECENT_ENGAGEMENT_RATE, e.recentEngagementRate());
      assertBits(f, FeatureSlot.LIKE_RATE, e.likeRate());
      assertBits(f, FeatureSlot.SHARE_RATE, e.shareRate());
      assertBits(f, FeatureSlot.NEGATIVE_RATE, e.negativeRate());
      assertBits(f, FeatureSlot.REPORT_RATE, e.reportRate());
      assertBits(f, FeatureSlot.COMPLETION_RATE, e.completionRate());
      assertBits(f, FeatureSlot.LOG_MEAN_DWELL, Math.log1p(e.meanDwellMs() / 1000));
      assertBits(f, FeatureSlot.LOG_IMPRESSIONS, Math.log1p(s.impressions()));
      assertBits(f, FeatureSlot.QUALITY, ContentQuality.of(item, s, e));
      assertBits(f, FeatureSlot.FRESHNESS, Freshness.of(item.createdAt(), NOW, half));
      assertBits(
          f, FeatureSlot.LOG_AGE_HOURS, Math.log1p(Freshness.ageHours(item.createdAt(), NOW)));
      assertBits(f, FeatureSlot.POPULARITY, Math.log1p(EngagementScorer.audience(s)) / logMax);
    }
  }

  @Test
  void theRecentDecayDecodedOncePerRankingIsTheSameDecode() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      Instant now = Instant.ofEpochMilli(random.nextLong(1_600_000_000_000L, 2_100_000_000_000L));
      double stored = random.nextDouble() * Math.pow(10, random.nextInt(12));
      assertThat(stored * EngagementFeatures.RECENT_DECAY.factorAt(now))
          .isEqualTo(EngagementFeatures.RECENT_DECAY.decode(stored, now));
      ItemStats s = stats(random);
      Item item = item("x", random);
      assertThat(
              EngagementFeatures.ofDecayed(item, s, EngagementFeatures.RECENT_DECAY.factorAt(now)))
          .isEqualTo(EngagementFeatures.of(item, s, now));
    }
  }

  private static void assertBits(FeatureValues f, FeatureSlot slot, double expected) {
    assertThat(Double.doubleToRawLongBits(f.get(slot)))
        .as(slot.slotName())
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }

  private static Item item(String id, SplittableRandom r) {
    Instant created =
        switch (r.nextInt(4)) {
          case 0 -> null;
          case 1 -> NOW.plusMillis(r.nextLong(1, 3_600_000)); // a clock ahead of ours
          default -> NOW.minusMillis(r.nextLong(0, 90L * 24 * 3_600_000));
        };
    return new Item(
        id,
        "a" + r.nextInt(20),
        r.nextBoolean() ? null : "a post about things " + r.nextInt(100) + " #gaming",
        r.nextBoolean() ? List.of() : List.of("gaming"),
        r.nextBoolean() ? List.of() : List.of("video"),
        created,
        r.nextInt(3) == 0 ? null : r.nextDouble(0, 1.2),
        r.nextInt(3) == 0 ? null : r.nextDouble(-0.1, 1.1));
  }

  private static ItemStats stats(SplittableRandom r) {
    if (r.nextInt(6) == 0) {
      return ItemStats.EMPTY;
    }
    long impressions = r.nextLong(0, 100_000);
    long views = r.nextLong(0, impressions + 1);
    boolean recent = r.nextBoolean();
    return new ItemStats(
        impressions,
        views,
        r.nextLong(0, views + 1),
        r.nextLong(0, 500),
        r.nextLong(0, 200),
        r.nextLong(0, 50),
        r.nextLong(0, 1_000),
        r.nextLong(0, 100),
        r.nextLong(0, 30),
        r.nextLong(0, 5_000_000),
        r.nextDouble(0, views + 1),
        r.nextLong(0, views + 1),
        recent ? r.nextDouble(0, 1e9) : 0,
        recent ? r.nextDouble(0, 1e9) : 0,
        recent ? r.nextDouble(0, 1e8) : 0);
  }

  /** A ranking's context over the items, each hydrated with its stats. */
  private static RankingContext context(List<Item> items, List<ItemStats> stats) {
    RankingContext ctx =
        RankingContext.of(
            new RankingQuery(
                new RankRequest("u1", items, 20),
                NOW,
                RankingSettings.defaults(),
                null,
                InterestProfile.EMPTY,
                0));
    ctx.run(
        new CandidateHydrator() {
          @Override
          public String name() {
            return "Stats";
          }

          @Override
          public Set<FeatureSlot> writes() {
            return Set.of();
          }

          @Override
          public void hydrate(RankingQuery query, List<Candidate> cs, HydrationWriter out) {
            for (int i = 0; i < cs.size(); i++) {
              out.stats(cs.get(i), stats.get(i));
            }
          }
        });
    return ctx;
  }
}
