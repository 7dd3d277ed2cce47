package io.overdrive.ranking;

import io.overdrive.domain.Item;
import java.util.List;
import java.util.Objects;

/**
 * A For You request, after edge validation ({@link RequestLimits}, {@link CandidateValidation}).
 *
 * @param candidates items to rank; may be empty, in which case a candidate source (retrieval) must
 *     supply them
 * @param limit how many items to return
 */
public record RankRequest(String userId, List<Item> candidates, int limit) {
  public RankRequest {
    Objects.requireNonNull(userId, "userId");
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    // the edges validate limits for their callers (RequestLimits); this guards the pipeline's own
    // invariant
    if (limit < 1 || limit > RequestLimits.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be in 1.." + RequestLimits.MAX_LIMIT + ", is " + limit);
    }
  }
}
