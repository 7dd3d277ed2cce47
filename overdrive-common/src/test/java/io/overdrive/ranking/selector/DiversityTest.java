package io.overdrive.ranking.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.ScoredCandidates;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiversityTest {
  private final PipelineFixture f = new PipelineFixture();

  /**
   * Synthetic users with their histories rank 300 catalogue candidates each: no author appears more
   * than max_per_author times and no interest is a main interest of more than the interest cap, in
   * every feed.
   */
  @Test
  void capsHoldInEveryFeedOfSyntheticUsers() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(40).withItems(3000).withAuthors(60));
    f.store.putItems(world.catalogue());
    RankingSettings settings = RankingSettings.defaults();
    int limit = 20;
    SplittableRandom rnd = new SplittableRandom(7);
    int feeds = 0;
    for (SyntheticUser u : world.users()) {
      f.store.putProfile(u.profile());
      if (u.index() % 2 == 0) {
        f.ingestor.ingest(world.interactions(u));
      }
      List<Item> candidates = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        candidates.add(Item.withId("i" + rnd.nextInt(3000)));
      }
      RankResult r = f.rank(u.id(), candidates.stream().distinct().toList(), limit, settings);
      assertThat(r.items()).hasSize(limit);
      Map<String, Integer> perAuthor = new HashMap<>();
      Map<String, Integer> perInterest = new HashMap<>();
      for (RankedItem ranked : r.items()) {
        Item item = world.item(ranked.id()).item();
        perAuthor.merge(item.authorId(), 1, Integer::sum);
        ItemInterests interests = ItemInterests.of(item, f.taxonomy);
        for (int i = 0; i < interests.interests().size(); i++) {
          if (interests.isMain(i)) {
            perInterest.merge(interests.interests().get(i), 1, Integer::sum);
          }
        }
      }
      assertThat(perAuthor.values()).allMatch(n -> n <= settings.maxPerAuthor());
      assertThat(perInterest.values()).allMatch(n -> n <= settings.interestCap(limit));
      feeds++;
    }
    assertThat(feeds).isEqualTo(40);
  }

  @Test
  void capsHoldEvenWhenTheyLeaveTheFeedShort() {
    List<Item> oneAuthor = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      oneAuthor.add(PipelineFixture.item("x" + i, "same", "topic" + i));
    }
    RankResult r = f.rank("u", oneAuthor, 5);
    assertThat(r.items()).hasSize(2);

    RankingSettings fill =
        RankingSettings.defaults().withOverrides(Map.of("fill_beyond_caps", true));
    RankResult filled = f.rank("u", oneAuthor, 5, fill);
    assertThat(filled.items()).hasSize(5);
    assertThat(filled.items().subList(2, 5))
        .allSatisfy(i -> assertThat(i.reasons()).contains(DiversitySelector.BEYOND_CAPS));
    assertThat(filled.items().subList(0, 2))
        .allSatisfy(i -> assertThat(i.reasons()).doesNotContain(DiversitySelector.BEYOND_CAPS));
  }

  @Test
  void perInterestCapCountsGroupings() {
    f.signup("u", List.of("gaming"), "", List.of());
    List<Item> candidates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      candidates.add(PipelineFixture.item("ps" + i, "a" + i, "ps5"));
      candidates.add(PipelineFixture.item("g" + i, "b" + i, "gaming"));
      candidates.add(PipelineFixture.item("f" + i, "c" + i, "food" + i));
    }
    RankResult r = f.rank("u", candidates, 10);
    long gaming =
        r.items().stream().filter(i -> i.id().startsWith("ps") || i.id().startsWith("g")).count();
    assertThat(gaming).isEqualTo(RankingSettings.defaults().interestCap(10));
  }

  @Test
  void mmrTradesScoreForNovelty() {
    // near-equal scores: pure relevance keeps the three food posts together at the top, MMR
    // interleaves the travel post
    f.signup("u", List.of("food", "travel"), "", List.of());
    List<Item> candidates =
        List.of(
            PipelineFixture.item("f1", "a1", "food"),
            PipelineFixture.item("f2", "a2", "food"),
            PipelineFixture.item("f3", "a3", "food"),
            new Item(
                "t1",
                "a4",
                "a post",
                List.of("travel"),
                List.of("image"),
                PipelineFixture.NOW.minusSeconds(7200),
                0.05,
                0.69));
    RankingSettings relevanceOnly =
        RankingSettings.defaults()
            .withOverrides(Map.of("mmr_lambda", 1.0, "max_interest_share", 1.0));
    RankingSettings mmr =
        RankingSettings.defaults()
            .withOverrides(Map.of("mmr_lambda", 0.4, "max_interest_share", 1.0));
    List<String> plain =
        f.rank("u", candidates, 4, relevanceOnly).items().stream().map(RankedItem::id).toList();
    List<String> diverse =
        f.rank("u", candidates, 4, mmr).items().stream().map(RankedItem::id).toList();
    assertThat(plain.indexOf("t1")).isEqualTo(3);
    assertThat(diverse.indexOf("t1")).isEqualTo(1);
  }

  /**
   * The novelty penalty is in units of the scores competing for the slot: a blend whose scores span
   * hundredths (a trained one) and one spanning tenths (the hand-set one) make the same trade-off,
   * so diversity neither swamps the first nor vanishes under the second.
   */
  @Test
  void theTradeOffDoesNotDependOnTheBlendsScale() {
    RankingSettings s =
        RankingSettings.defaults()
            .withOverrides(Map.of("mmr_lambda", 0.9, "max_interest_share", 1.0));
    for (double scale : new double[] {0.01, 1, 100}) {
      List<Candidate> pool = new ArrayList<>();
      // five close food posts, then a clearly weaker travel post and a much weaker music post
      for (int i = 0; i < 5; i++) {
        pool.add(
            ScoredCandidates.of(
                PipelineFixture.item("f" + i, "a" + i, "food"), "food", scale * (1 - 0.01 * i)));
      }
      pool.add(
          ScoredCandidates.of(PipelineFixture.item("t", "b", "travel"), "travel", scale * 0.9));
      pool.add(ScoredCandidates.of(PipelineFixture.item("m", "c", "music"), "music", 0));
      RankingQuery q =
          new RankingQuery(
              new RankRequest("u", List.of(), 4), PipelineFixture.NOW, s, null, null, 0.5);
      List<String> ids =
          new DiversitySelector()
              .select(q, pool, List.of()).picks().stream().map(Candidate::id).toList();
      // at lambda 0.9 a repeated topic costs 1/9 of the spread (here ~0.11 x scale): the travel
      // post (0.1 x scale below the best) moves up to second; the music post (1 x scale below)
      // does not make the feed, at every scale
      assertThat(ids).as("scale %s", scale).containsExactly("f0", "t", "f1", "f2");
    }
  }
}
