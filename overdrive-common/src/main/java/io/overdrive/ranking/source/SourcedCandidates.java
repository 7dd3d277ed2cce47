package io.overdrive.ranking.source;

import io.overdrive.domain.Item;
import java.util.List;
import java.util.Objects;

/**
 * What a candidate source found.
 *
 * @param source where the candidates came from, as the response's {@code candidate_source} says it
 *     ("retrieval", "fallback:deadline_exceeded"); set even when nothing was found, so a caller
 *     sees why a feed is empty
 * @param items the candidates, best first (ids suffice: the catalogue hydrator fills the rest)
 */
public record SourcedCandidates(String source, List<Item> items) {
  public SourcedCandidates {
    Objects.requireNonNull(source, "source");
    items = List.copyOf(items);
  }
}
