package io.overdrive.ranking.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.RecentItemsEmbedder;
import io.overdrive.retrieval.RetrievalException;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.retrieval.SyntheticEmbeddings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalCandidatesTest {
  private final SyntheticEmbeddings gen = new SyntheticEmbeddings(8, 3, 0.2, 3);
  private final ExactRetriever local = new ExactRetriever(gen.items("v1", 200));
  private final RecentItemsEmbedder embedder =
      new RecentItemsEmbedder(local::vector, local::modelVersion, 10);

  private static RankingContext context(String userId, List<Item> candidates, List<String> seen) {
    UserFeatures u = UserFeatures.unknown(userId, Instant.now());
    UserFeatures user =
        new UserFeatures(
            userId, u.profile(), Map.of(), Map.of(), Map.of(), seen, 0, 0, null, Instant.now());
    return RankingContext.of(
        new RankingQuery(
            new RankRequest(userId, candidates, 10),
            Instant.now(),
            RankingSettings.defaults(),
            user,
            InterestProfile.EMPTY,
            0));
  }

  @Test
  void retrievesNearestUnseenItemsWhenTheRequestHasNone() {
    RankingContext ctx = context("u1", List.of(), List.of("i1", "i2"));
    ctx.run(new RetrievalCandidates(local, null, embedder, 20));

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
    ctx.run(new RetrievalCandidates(local, null, embedder, 20));
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
    ctx.run(new RetrievalCandidates(down, local, embedder, 5));
    assertThat(ctx.candidateSource()).isEqualTo("fallback:deadline_exceeded");
    assertThat(ctx.candidates()).hasSize(5);

    RankingContext noFallback = context("u1", List.of(), List.of("i1"));
    noFallback.run(new RetrievalCandidates(down, null, embedder, 5));
    assertThat(noFallback.candidateSource()).isEqualTo("fallback:deadline_exceeded");
    assertThat(noFallback.candidates()).isEmpty();
  }

  @Test
  void aUserWithoutHistoryHasNoEmbeddingAndTheSourceSaysSo() {
    RankingContext ctx = context("new", List.of(), List.of());
    ctx.run(new RetrievalCandidates(local, null, embedder, 5));
    assertThat(ctx.candidateSource()).isEqualTo("fallback:no_user_embedding");
    assertThat(ctx.candidates()).isEmpty();
  }
}
