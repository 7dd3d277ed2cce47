package io.overdrive.ranking.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.HydrationWriter;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.hydrator.CandidateHydrator;
import io.overdrive.ranking.hydrator.CatalogueHydrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selector compares interests and authors as codes; the similarity is the one on strings. */
class DiversitySimilarityTest {
  private static final String[] TAGS = {
    "ps5", "gaming", "food", "recipes", "football", "music", "travel", "art", "cats", "unknowntag"
  };

  /** The candidates' context after the catalogue hydrator, as a ranking of {@code items} has it. */
  private static RankingContext hydrated(List<Item> items) {
    RankingContext ctx =
        RankingContext.of(
            new RankingQuery(
                new RankRequest("u", items, 20),
                PipelineFixture.NOW,
                RankingSettings.defaults(),
                null,
                null,
                0));
    ctx.run(new CatalogueHydrator(new PipelineFixture().store, InterestTaxonomy.loadDefault()));
    return ctx;
  }

  @Test
  void codedSimilarityIsJaccardOfInterestsPlusHalfForTheSameAuthor() {
    SplittableRandom r = new SplittableRandom(5);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      List<String> tags = new ArrayList<>();
      for (int t = r.nextInt(4); t > 0; t--) {
        String tag = TAGS[r.nextInt(TAGS.length)];
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
      String author = r.nextInt(5) == 0 ? null : "a" + r.nextInt(6);
      String text = r.nextBoolean() ? "look #" + TAGS[r.nextInt(TAGS.length)] : null;
      items.add(new Item("i" + i, author, text, tags, List.of(), null, null, null));
    }
    List<Candidate> cs = hydrated(items).candidates();
    int overlapping = 0;
    for (Candidate a : cs) {
      for (Candidate b : cs) {
        double expected = onStrings(a, b);
        assertThat(DiversitySelector.similarity(a, b))
            .as("%s ~ %s", a.id(), b.id())
            .isEqualTo(expected);
        overlapping += expected > 0 && expected < 1 ? 1 : 0;
      }
    }
    assertThat(overlapping).isGreaterThan(100); // the case is not all zeros and ones
  }

  /**
   * A pool as a ranking codes it: hundreds of interest and author codes (bit sets of several
   * words), and candidates whose interests repeat a name (counted as on the lists).
   */
  @Test
  void aWidePoolWithRepeatedInterestsGivesTheSimilarityOnStrings() {
    SplittableRandom r = new SplittableRandom(11);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      List<String> tags = new ArrayList<>();
      for (int t = 1 + r.nextInt(5); t > 0; t--) {
        String tag = r.nextInt(3) == 0 ? "tag" + r.nextInt(150) : TAGS[r.nextInt(TAGS.length)];
        if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
      String author = r.nextInt(7) == 0 ? null : "author" + r.nextInt(120);
      items.add(new Item("w" + i, author, null, tags, List.of(), null, null, null));
    }
    RankingContext ctx = hydrated(items);
    // some candidates name an interest twice (the record allows it; ItemInterests.of never does)
    ctx.run(
        new CandidateHydrator() {
          @Override
          public String name() {
            return "repeats";
          }

          @Override
          public Set<FeatureSlot> writes() {
            return Set.of();
          }

          @Override
          public void hydrate(RankingQuery q, List<Candidate> cs, HydrationWriter out) {
            for (int i = 0; i < cs.size(); i += 9) {
              List<String> names = new ArrayList<>(cs.get(i).interests());
              names.add(i % 2 == 0 ? "tag" + (i % 150) : names.isEmpty() ? "art" : names.get(0));
              out.interests(cs.get(i), new ItemInterests(names, new double[names.size()]));
            }
          }
        });
    List<Candidate> cs = ctx.candidates();
    double[][] coded = DiversitySelector.similarities(cs);
    int overlapping = 0;
    int repeated = 0;
    for (int a = 0; a < cs.size(); a++) {
      repeated += Set.copyOf(cs.get(a).interests()).size() < cs.get(a).interests().size() ? 1 : 0;
      for (int b = 0; b < cs.size(); b++) {
        double expected = onStrings(cs.get(a), cs.get(b));
        assertThat(coded[a][b]).as("%s ~ %s", cs.get(a).id(), cs.get(b).id()).isEqualTo(expected);
        overlapping += expected > 0 && expected < 1 ? 1 : 0;
      }
    }
    assertThat(repeated).isGreaterThan(10);
    assertThat(overlapping).isGreaterThan(1000);
  }

  private static double onStrings(Candidate a, Candidate b) {
    double sim = 0;
    List<String> ai = a.interests();
    List<String> bi = b.interests();
    if (!ai.isEmpty() && !bi.isEmpty()) {
      int common = (int) bi.stream().filter(ai::contains).count();
      sim = common / (double) (ai.size() + bi.size() - common);
    }
    if (a.item().authorId() != null && a.item().authorId().equals(b.item().authorId())) {
      sim += 0.5;
    }
    return Math.min(1, sim);
  }
}
