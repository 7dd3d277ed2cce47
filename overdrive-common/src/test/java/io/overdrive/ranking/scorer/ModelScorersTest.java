package io.overdrive.ranking.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelFixtures;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.TwoTowerUserEmbedder;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.HydrationWriter;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.Signals;
import io.overdrive.ranking.hydrator.CandidateHydrator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelScorersTest {
  private static final List<String> ITEMS = IntStream.range(0, 40).mapToObj(i -> "i" + i).toList();
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir Path root;

  private RankingContext context(List<String> candidates, List<String> recent) {
    List<Item> items =
        candidates.stream()
            .map(
                id ->
                    new Item(
                        id,
                        "a1",
                        "a post #gaming",
                        List.of("gaming"),
                        List.of("video"),
                        null,
                        0.1,
                        0.8))
            .toList();
    UserFeatures user =
        new UserFeatures(
            "u1",
            new UserProfile("u1", List.of("gaming"), "", List.of(), null),
            Map.of(),
            Map.of("gaming", 2.0, "food", -0.5),
            Map.of(),
            recent,
            1,
            0,
            null,
            NOW);
    RankingContext ctx =
        RankingContext.of(
            new RankingQuery(
                new RankRequest("u1", items, items.size()),
                NOW,
                RankingSettings.defaults(),
                user,
                InterestProfile.of(user, InterestTaxonomy.loadDefault(), 0.5),
                0));
    ctx.run(GAMING);
    return ctx;
  }

  /** Every candidate is wholly about gaming. */
  private static final CandidateHydrator GAMING =
      new CandidateHydrator() {
        @Override
        public String name() {
          return "Gaming";
        }

        @Override
        public Set<FeatureSlot> writes() {
          return Set.of();
        }

        @Override
        public void hydrate(RankingQuery query, List<Candidate> candidates, HydrationWriter out) {
          for (Candidate c : candidates) {
            out.interests(c, new ItemInterests(List.of("gaming"), new double[] {1}));
          }
        }
      };

  @Test
  void withoutAModelTheScorersAddNoSignal() {
    try (ModelRegistry registry = new ModelRegistry(root)) {
      RankingContext ctx = context(List.of("i1", "i2"), List.of("i3"));
      ctx.run(new TwoTowerScorer(registry));
      ctx.run(new SequenceScorer(registry));
      assertThat(ctx.candidates()).allSatisfy(c -> assertThat(c.signals()).isEmpty());
      assertThat(ctx.modelVersion()).isEmpty();
    }
  }

  @Test
  void twoTowerSignalsFollowTheModelsScoresAndStayInRange() {
    LoadedModel model = ModelFixtures.publish(root, "v1", ITEMS, 5);
    try (ModelRegistry registry = new ModelRegistry(root)) {
      registry.refresh();
      RankingContext ctx = context(ITEMS.subList(0, 20), List.of("i30", "i31", "i30"));
      ctx.run(new TwoTowerScorer(registry));

      float[] query =
          model
              .twoTower()
              .orElseThrow()
              .userVector("u1", ctx.interests(), List.of("i30", "i31", "i30"));
      List<String> byModel =
          ITEMS.subList(0, 20).stream()
              .sorted(
                  Comparator.comparingDouble(
                      (String id) -> -model.itemScore(query, model.itemIndex(id))))
              .toList();
      List<String> bySignal =
          ctx.candidates().stream()
              .sorted(Comparator.comparingDouble((Candidate c) -> -c.signal(Signals.TWO_TOWER)))
              .map(Candidate::id)
              .toList();
      assertThat(bySignal).isEqualTo(byModel);
      assertThat(ctx.candidates())
          .allSatisfy(c -> assertThat(c.signal(Signals.TWO_TOWER)).isStrictlyBetween(-1.0, 1.0));
      assertThat(ctx.modelVersion()).isEqualTo("v1");
    }
  }

  @Test
  void aNewItemGetsATwoTowerSignalFromItsContentButNoSequenceSignal() {
    ModelFixtures.publish(root, "v1", ITEMS, 5);
    try (ModelRegistry registry = new ModelRegistry(root)) {
      registry.refresh();
      RankingContext ctx = context(List.of("i1", "brand-new"), List.of("i2", "i3"));
      ctx.run(new TwoTowerScorer(registry));
      ctx.run(new SequenceScorer(registry));
      Candidate fresh = ctx.candidates().get(1);
      assertThat(fresh.signals())
          .containsKey(Signals.TWO_TOWER)
          .doesNotContainKey(Signals.SEQUENCE);
      assertThat(ctx.candidates().get(0).signals())
          .containsKeys(Signals.TWO_TOWER, Signals.SEQUENCE);
    }
  }

  @Test
  void sequenceSignalsFollowTheModelAfterTheRecentItemsOldestFirst() {
    LoadedModel model = ModelFixtures.publish(root, "v1", ITEMS, 9);
    try (ModelRegistry registry = new ModelRegistry(root)) {
      registry.refresh();
      // recent items arrive most recent first; unknown ids are skipped, repeats count once
      RankingContext ctx = context(ITEMS.subList(0, 15), List.of("i7", "zzz", "i5", "i7", "i6"));
      ctx.run(new SequenceScorer(registry));

      var seq = model.sequence().orElseThrow();
      float[] state = seq.encode(new int[] {6, 5, 7});
      List<String> byModel =
          ITEMS.subList(0, 15).stream()
              .sorted(
                  Comparator.comparingDouble((String id) -> -seq.score(state, model.itemIndex(id))))
              .toList();
      List<String> bySignal =
          ctx.candidates().stream()
              .sorted(Comparator.comparingDouble((Candidate c) -> -c.signal(Signals.SEQUENCE)))
              .map(Candidate::id)
              .toList();
      assertThat(bySignal).isEqualTo(byModel);
    }
  }

  @Test
  void aUserWithNoKnownRecentItemsGetsNoSequenceSignal() {
    ModelFixtures.publish(root, "v1", ITEMS, 9);
    try (ModelRegistry registry = new ModelRegistry(root)) {
      registry.refresh();
      RankingContext ctx = context(List.of("i1"), List.of("unknown"));
      ctx.run(new SequenceScorer(registry));
      assertThat(ctx.candidates().get(0).signals()).isEmpty();
    }
  }

  @Test
  void theUserEmbedderGivesTheScorersQueryVector() {
    LoadedModel model = ModelFixtures.publish(root, "v1", ITEMS, 5);
    try (ModelRegistry registry = new ModelRegistry(root)) {
      InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
      TwoTowerUserEmbedder embedder = new TwoTowerUserEmbedder(registry, taxonomy, 0.5);
      RankingContext ctx = context(List.of("i1"), List.of("i4", "i2"));
      assertThat(embedder.embed(ctx.user())).isEmpty();
      assertThat(embedder.modelVersion()).isEmpty();

      registry.refresh();

      float[] v = embedder.embed(ctx.user()).orElseThrow();
      assertThat(v)
          .containsExactly(
              model
                  .twoTower()
                  .orElseThrow()
                  .userVector("u1", ctx.interests(), List.of("i4", "i2")));
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(embedder.modelVersion()).isEqualTo("v1");
    }
  }
}
