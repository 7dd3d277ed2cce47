package io.overdrive.ranking.source;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.model.UserEmbedder;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.retrieval.RetrievalException;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candidate source of the For You pipeline: when a request brings no candidates, retrieves the
 * items nearest the user's embedding, never one the user engaged with already. If the primary
 * retriever cannot answer (a remote node down or too slow), the fallback retriever answers and the
 * response's candidate source says {@code fallback:<reason>}.
 */
public final class RetrievalCandidates implements CandidateSource {
  public static final String NAME = "RetrievalCandidates";
  public static final String SOURCE = "retrieval";

  private static final Logger log = LoggerFactory.getLogger(RetrievalCandidates.class);

  private final Retriever retriever;
  private final Retriever fallback;
  private final UserEmbedder embedder;
  private final int count;

  /**
   * @param retriever where candidates come from
   * @param fallback answers when {@code retriever} cannot; null for none
   * @param embedder the user's query vector; null when only the retriever can embed users (a remote
   *     serving node that has the user tower)
   * @param count how many candidates to retrieve (the ranking then picks the request's limit)
   */
  public RetrievalCandidates(
      Retriever retriever, Retriever fallback, UserEmbedder embedder, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    this.retriever = retriever;
    this.fallback = fallback;
    this.embedder = embedder;
    this.count = count;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<SourcedCandidates> fetch(RankingQuery q) {
    if (!q.request().candidates().isEmpty()) {
      return Optional.empty();
    }
    Set<String> excluded = new LinkedHashSet<>(q.user().recentItems());
    Optional<float[]> query = embedder == null ? Optional.empty() : embedder.embed(q.user());
    List<ScoredItem> hits;
    String source = SOURCE;
    try {
      hits = search(retriever, q.userId(), query, excluded);
    } catch (RetrievalException e) {
      source = "fallback:" + e.reason();
      log.debug("retrieval for {} fell back: {}", q.userId(), e.getMessage());
      hits = List.of();
      if (fallback != null) {
        try {
          hits = search(fallback, q.userId(), query, excluded);
        } catch (RetrievalException again) {
          log.debug("fallback retrieval failed too: {}", again.getMessage());
        }
      }
    }
    List<Item> found = new ArrayList<>(hits.size());
    for (ScoredItem hit : hits) {
      found.add(Item.withId(hit.itemId()));
    }
    return Optional.of(new SourcedCandidates(source, found));
  }

  private List<ScoredItem> search(
      Retriever r, String userId, Optional<float[]> query, Set<String> excluded) {
    try {
      if (query.isPresent()) {
        return r.search(query.get(), count, excluded);
      }
      return r.searchForUser(userId, count, excluded);
    } catch (InvalidInputException e) {
      // e.g. the user tower and the index are of different model versions for a moment
      throw new RetrievalException("invalid_query", e.field() + " " + e.getMessage(), e);
    }
  }
}
