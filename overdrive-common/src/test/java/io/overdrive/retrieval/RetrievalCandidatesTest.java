package io.overdrive.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.Item;
import io.overdrive.features.UserFeatures;
import io.overdrive.model.UserEmbedder;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalCandidatesTest {
  private final SyntheticEmbeddings gen = new SyntheticEmbeddings(8, 3, 0.2, 3);
  private final ExactRetriever local = new ExactRetriever(gen.items("v1", 200));
  private final RecentItemsEmbedder embedder =
      new RecentItemsEmbedder(local::vector, local::modelVersion, 10);

  private static RankingContext context(String userId, List<Item> candidates, List<String> seen) {
    RankingContext ctx =
        new RankingContext(
            new RankRequest(userId, candidates, 10),
            Instant.now(),
            RankingSettings.defaults(),
            "control");
    UserFeatures u = UserFeatures.unknown(userId, Instant.now());
    ctx.user(
        new UserFeatures(
            userId, u.profile(), Map.of(), Map.of(), Map.of(), seen, 0, 0, null, Instant.now()));
    return ctx;
  }

  @Test
  void retrievesNearestUnseenItemsWhenTheRequestHasNone() {
    RankingContext ctx = context("u1", List.of(), List.of("i1", "i2"));
    new RetrievalCandidates(local, null, embedder, 20).apply(ctx);

    assertThat(ctx.candidateSource()).isEqualTo("retrieval");
    assertThat(ctx.candidates()).hasSize(20);
    assertThat(ctx.candidates()).extracting(Candidate::id).doesNotContain("i1", "i2");
    float[] q = embedder.embed(ctx.user()).orElseThrow();
    assertThat(ctx.candidates())
        .extracting(Candidate::id)
        .containsExactlyElementsOf(
            local.search(q, 20, Set.of("i1", "i2")).stream().map(ScoredItem::itemId).toList());
  }

  @Test
  void leavesRequestCandidatesAlone() {
    RankingContext ctx = context("u1", List.of(Item.withId("x")), List.of("i1"));
    new RetrievalCandidates(local, null, embedder, 20).apply(ctx);
    assertThat(ctx.candidates()).extracting(Candidate::id).containsExactly("x");
    assertThat(ctx.candidateSource()).isEqualTo("request");
  }

  @Test
  void fallsBackAndSaysWhyWhenThePrimaryCannotAnswer() {
    Retriever down =
        new Retriever() {
          @Override
          public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
            throw new RetrievalException("deadline_exceeded", "too slow");
          }

          @Override
          public int dimension() {
            return 8;
          }

          @Override
          public long size() {
            return 0;
          }

          @Override
          public String modelVersion() {
            return "";
          }
        };
    RankingContext ctx = context("u1", List.of(), List.of("i1"));
    new RetrievalCandidates(down, local, embedder, 5).apply(ctx);
    assertThat(ctx.candidateSource()).isEqualTo("fallback:deadline_exceeded");
    assertThat(ctx.candidates()).hasSize(5);

    RankingContext noFallback = context("u1", List.of(), List.of("i1"));
    new RetrievalCandidates(down, null, embedder, 5).apply(noFallback);
    assertThat(noFallback.candidateSource()).isEqualTo("fallback:deadline_exceeded");
    assertThat(noFallback.candidates()).isEmpty();
  }

  @Test
  void aUserWithoutHistoryHasNoEmbeddingAndTheSourceSaysSo() {
    RankingContext ctx = context("new", List.of(), List.of());
    new RetrievalCandidates(local, null, embedder, 5).apply(ctx);
    assertThat(ctx.candidateSource()).isEqualTo("fallback:no_user_embedding");
    assertThat(ctx.candidates()).isEmpty();
  }

  @Test
  void recentItemsEmbeddingIsTheUnitLengthRecencyWeightedMean() {
    Map<String, float[]> vectors =
        Map.of("latest", new float[] {1, 0, 0}, "older", new float[] {0, 1, 0});
    UserEmbedder e =
        new RecentItemsEmbedder(id -> Optional.ofNullable(vectors.get(id)), () -> "v1", 10);

    float[] q = e.embed(context("u", List.of(), List.of("latest", "gone", "older")).user()).get();

    // the missing item is skipped; the older one counts 0.85^2 of the latest
    double w = RecentItemsEmbedder.RECENCY_DECAY * RecentItemsEmbedder.RECENCY_DECAY;
    double norm = Math.sqrt(1 + w * w);
    assertThat(q[0]).isCloseTo((float) (1 / norm), within(1e-6f));
    assertThat(q[1]).isCloseTo((float) (w / norm), within(1e-6f));
    assertThat(q[2]).isZero();
    assertThat(e.embed(context("u", List.of(), List.of("gone")).user())).isEmpty();
  }
}
