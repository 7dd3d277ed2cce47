package io.overdrive.api.ranking;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.retrieval.RecentCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rank/for-you}: the gateway's call. An unknown user gets a cold-start ranking, not an
 * error. Each answer counts one exposure of the user's experiment variant.
 */
@RestController
@Tag(name = "ranking", description = "the For You ranking")
public class RankController {
  static final String EXPOSURES_METRIC = "overdrive.experiment.exposures";

  private final ForYouRanker ranker;
  private final MeterRegistry registry;
  private final DistributionSummary candidateCounts;
  private final RecentCatalogue catalogue;

  public RankController(ForYouRanker ranker, MeterRegistry registry, RecentCatalogue catalogue) {
    this.ranker = ranker;
    this.registry = registry;
    this.catalogue = catalogue;
    this.candidateCounts =
        DistributionSummary.builder("overdrive.rank.candidates")
            .description("Candidates per For You request")
            .register(registry);
  }

  @PostMapping("/rank/for-you")
  @Operation(
      summary = "Rank candidate posts for a user",
      description =
          "limit 1..100 (default 20); at most 1000 candidate_items; ids must be unique. An unknown"
              + " user gets a cold-start ranking.")
  public ForYouResponse forYou(@Valid @RequestBody ForYouRequest body) {
    List<Item> candidates = toItems(body.candidateItems());
    int limit = body.limit() == null ? RankRequest.DEFAULT_LIMIT : body.limit();
    candidateCounts.record(candidates.size());
    if (!candidates.isEmpty()) {
      catalogue.add(candidates.stream().map(Item::id).toList());
    }
    RankResult result = ranker.rank(new RankRequest(body.userId(), candidates, limit));
    registry
        .counter(EXPOSURES_METRIC, "experiment", result.experiment(), "variant", result.variant())
        .increment();
    return ForYouResponse.of(result, Boolean.TRUE.equals(body.explain()));
  }

  static List<Item> toItems(List<ForYouRequest.CandidateItem> items) {
    if (items == null) {
      return List.of();
    }
    List<Item> out = new ArrayList<>(items.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      ForYouRequest.CandidateItem c = items.get(i);
      if (c == null) {
        throw new InvalidInputException("candidate_items[" + i + "]", "must not be null");
      }
      c.check("candidate_items[" + i + "]");
      if (!ids.add(c.id())) {
        throw new InvalidInputException(
            "candidate_items[" + i + "].id", "duplicate candidate id '" + c.id() + "'");
      }
      out.add(
          new Item(
              c.id(),
              c.authorId(),
              c.content(),
              c.hashtags(),
              c.mediaTypes(),
              c.createdAt(),
              c.engagementRate(),
              c.qualityScore()));
    }
    return out;
  }
}
