package io.overdrive.api.ranking;

import io.overdrive.domain.Item;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /rank/for-you}: the gateway's call. An unknown user gets a cold-start ranking. */
@RestController
public class RankController {
  private final ForYouRanker ranker;

  public RankController(ForYouRanker ranker) {
    this.ranker = ranker;
  }

  @PostMapping("/rank/for-you")
  public ForYouResponse forYou(@Valid @RequestBody ForYouRequest body) {
    List<Item> candidates =
        body.candidateItems() == null
            ? List.of()
            : body.candidateItems().stream().map(RankController::toItem).toList();
    int limit = body.limit() == null ? RankRequest.DEFAULT_LIMIT : body.limit();
    return ForYouResponse.of(ranker.rank(new RankRequest(body.userId(), candidates, limit)));
  }

  static Item toItem(ForYouRequest.CandidateItem c) {
    return new Item(
        c.id(),
        c.authorId(),
        c.content(),
        c.hashtags(),
        c.mediaTypes(),
        c.createdAt(),
        c.engagementRate(),
        c.qualityScore());
  }
}
