package io.overdrive.ranking.blender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelFixtures;
import io.overdrive.model.ModelRegistry;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.PipelineFixture;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingPipeline;
import io.overdrive.ranking.RankingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trained blend travels with its model version: loaded with it, swapped with it, applied to
 * users with enough history, and the hand-set blend everywhere else.
 */
class TrainedBlendTest {
  private static final RankingSettings NO_CAPS =
      RankingSettings.defaults()
          .withOverrides(
              Map.of("max_interest_share", 1.0, "exploration_share", 0, "mmr_lambda", 1.0));

  /** These posts have no impressions yet: no slots reserved for fresh items, the blend alone. */
  private static final FreshItemSettings NO_FRESH_SLOTS =
      new FreshItemSettings(Duration.ofHours(48), 10_000, 0, 50, 50, Duration.ofMillis(250));

  @TempDir Path root;

  /** Ten posts of ten authors, one hour to ten hours old: post p0 is the newest. */
  private static List<Item> posts() {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add(
          new Item(
              "p" + i,
              "a" + i,
              "a post about nothing in particular",
              List.of("misc"),
              List.of("image"),
              PipelineFixture.NOW.minusSeconds(3600L * (i + 1)),
              0.05,
              0.7));
    }
    return out;
  }

  /** A blend that only likes old posts: the opposite of the hand-set freshness weight. */
  private static TrainedBlend oldFirst(long minInteractions) {
    return new TrainedBlend(
        Map.of(FeatureSlot.FRESHNESS, new TrainedBlend.Weight(-1, 0)),
        minInteractions,
        Map.of("note", "test"));
  }

  private static List<String> ids(List<RankedItem> items) {
    return items.stream().map(RankedItem::id).toList();
  }

  private void publishWithBlend(String version, TrainedBlend blend) throws IOException {
    Path dir = ModelFixtures.write(root, version, List.of("x", "y"), 1, true, true);
    if (blend != null) {
      blend.write(dir.resolve(TrainedBlend.FILE));
    }
    ModelDirectory.publish(root, version);
  }

  @Test
  void writtenBlendReadsBackTheSame() throws IOException {
    TrainedBlend b =
        new TrainedBlend(
            Map.of(
                FeatureSlot.TWO_TOWER, new TrainedBlend.Weight(0.6, 0.1),
                FeatureSlot.POPULARITY, new TrainedBlend.Weight(0.3, -0.05)),
            5,
            Map.of("users_fitted", 800));
    Path file = root.resolve(TrainedBlend.FILE);
    b.write(file);
    TrainedBlend read = TrainedBlend.read(file);
    assertThat(read.weights()).isEqualTo(b.weights());
    assertThat(read.minInteractions()).isEqualTo(5);
    assertThat(read.fit()).containsEntry("users_fitted", 800);
  }

  @Test
  void aBadBlendFileIsRefusedNamingTheField() throws IOException {
    Path file = root.resolve(TrainedBlend.FILE);
    Files.writeString(
        file,
        "{\"format_version\":1,\"min_interactions\":5,"
            + "\"weights\":{\"no_such_signal\":{\"base\":1,\"maturity\":0}}}");
    assertThatThrownBy(() -> TrainedBlend.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("weights.no_such_signal");
    Files.writeString(
        file,
        "{\"format_version\":1,\"min_interactions\":5,"
            + "\"weights\":{\"freshness\":{\"base\":\"x\",\"maturity\":0}}}");
    assertThatThrownBy(() -> TrainedBlend.read(file)).hasMessageContaining("weights.freshness");
  }

  @Test
  void theModelVersionsBlendIsAppliedSwappedAndFallsBackToTheHandSetOne() throws IOException {
    PipelineFixture f = new PipelineFixture();
    List<Item> posts = posts();
    // "known" has history (enough for the blend), "new" has none
    for (int i = 0; i < 6; i++) {
      Item seen = PipelineFixture.item("seen" + i, "s" + i, "misc");
      f.interact("known", seen, InteractionType.LIKE, 0, PipelineFixture.NOW.minusSeconds(60));
    }
    try (ModelRegistry registry = new ModelRegistry(root)) {
      RankingPipeline pipeline =
          ForYouPipelines.standard(
              f.store,
              f.taxonomy,
              f.learning,
              f.registry,
              List.of(),
              List.of(),
              NO_FRESH_SLOTS,
              () -> registry.current().flatMap(LoadedModel::blend));
      var rank =
          (java.util.function.BiFunction<String, RankingSettings, List<String>>)
              (user, s) ->
                  ids(
                      pipeline
                          .rank(new RankRequest(user, posts, 10), s, "control", PipelineFixture.NOW)
                          .items());
      List<String> newestFirst = rank.apply("known", NO_CAPS);
      assertThat(newestFirst).as("hand-set: fresher first").startsWith("p0", "p1", "p2");

      // no model (above), then a version without a blend: the hand-set weights
      publishWithBlend("v1", null);
      registry.refresh();
      assertThat(registry.current().orElseThrow().blend()).isEmpty();
      assertThat(rank.apply("known", NO_CAPS)).isEqualTo(newestFirst);

      // a version with a blend: users with enough history get it, new users keep the cold start
      publishWithBlend("v2", oldFirst(5));
      registry.refresh();
      assertThat(rank.apply("known", NO_CAPS)).startsWith("p9", "p8", "p7");
      assertThat(rank.apply("new", NO_CAPS)).startsWith("p0", "p1", "p2");
      // a variant can turn it off
      assertThat(rank.apply("known", NO_CAPS.withOverrides(Map.of("trained_blend", false))))
          .isEqualTo(newestFirst);

      // a version with a broken blend is not loaded: v2 and its blend stay
      Path v3 = ModelFixtures.write(root, "v3", List.of("x", "y"), 3, true, true);
      Files.writeString(v3.resolve(TrainedBlend.FILE), "{not json");
      ModelDirectory.publish(root, "v3");
      assertThat(registry.refresh()).isFalse();
      assertThat(registry.currentVersion()).isEqualTo("v2");
      assertThat(rank.apply("known", NO_CAPS)).startsWith("p9", "p8", "p7");

      // the next version's blend replaces it; its threshold keeps "known" on the hand-set one
      publishWithBlend("v4", oldFirst(1000));
      registry.refresh();
      assertThat(registry.currentVersion()).isEqualTo("v4");
      assertThat(rank.apply("known", NO_CAPS)).isEqualTo(newestFirst);
    }
  }

  @Test
  void contributionsOfATrainedBlendSumToTheScore() {
    PipelineFixture f = new PipelineFixture();
    for (int i = 0; i < 6; i++) {
      Item seen = PipelineFixture.item("seen" + i, "s" + i, "misc");
      f.interact("known", seen, InteractionType.LIKE, 0, PipelineFixture.NOW.minusSeconds(60));
    }
    TrainedBlend blend =
        new TrainedBlend(
            Map.of(
                FeatureSlot.FRESHNESS, new TrainedBlend.Weight(0.5, 0.2),
                FeatureSlot.QUALITY, new TrainedBlend.Weight(-0.2, 0.1)),
            1,
            Map.of());
    RankingPipeline pipeline =
        ForYouPipelines.standard(
            f.store,
            f.taxonomy,
            f.learning,
            f.registry,
            List.of(),
            List.of(),
            NO_FRESH_SLOTS,
            () -> java.util.Optional.of(blend));
    var result =
        pipeline.rank(
            new RankRequest("known", posts(), 5), NO_CAPS, "control", PipelineFixture.NOW);
    for (RankedItem it : result.items()) {
      double sum = it.contributions().stream().mapToDouble(c -> c.contribution()).sum();
      assertThat(sum).isCloseTo(it.score(), org.assertj.core.api.Assertions.within(1e-9));
      assertThat(it.contributions()).extracting(c -> c.signal()).contains("freshness", "quality");
    }
  }
}
