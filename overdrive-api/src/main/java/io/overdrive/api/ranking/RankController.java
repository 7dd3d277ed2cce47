package io.overdrive.api.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.ForYouService;
import io.overdrive.ranking.OverdriveToggle;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /rank/for-you}: the gateway's call. An unknown user gets a cold-start ranking, not an
 * error. The gateway's {@code x-use-overdrive: 0} asks for the control feed instead ({@link
 * OverdriveToggle}). The steps around the ranking (catalogue, metrics, ranking id, served-ranking
 * log, exposures) are common's {@link ForYouService}, the gRPC node's too.
 */
@RestController
@Tag(name = "ranking", description = "the For You ranking")
public class RankController {
  private static final String CANDIDATES = "candidate_items";
  private final ForYouService forYou;

  public RankController(ForYouService forYou) {
    this.forYou = forYou;
  }

  @PostMapping("/rank/for-you")
  @Operation(
      summary = "Rank candidate posts for a user",
      description =
          "limit 1..100 (default 20); at most 1000 candidate_items; ids must be unique. An unknown"
              + " user gets a cold-start ranking.")
  public ForYouResponse forYou(
      @Valid @RequestBody ForYouRequest body,
      @Parameter(
              description =
                  "1 or absent: Overdrive ranks; 0: the non-personalised control feed (the"
                      + " candidates in their given order, else the newest items), variant"
                      + " overdrive_off")
          @RequestHeader(name = OverdriveToggle.HEADER, required = false)
          String useOverdrive) {
    return rank(Checked.of(body, useOverdrive));
  }

  /**
   * A request that passed every check, before anything happened: the fast path ({@link
   * ForYouFastPath}) checks first and hands anything refused to the MVC path, whose answer is the
   * definition.
   */
  record Checked(RankRequest request, boolean overdrive, boolean explain) {
    /**
     * @throws InvalidInputException naming the field (the header, a candidate's field, the limit)
     */
    static Checked of(ForYouRequest body, String useOverdrive) {
      boolean overdrive = OverdriveToggle.enabled(useOverdrive);
      List<Item> candidates = toItems(body.candidateItems());
      return of(body.userId(), candidates, body.limit(), body.explain(), overdrive);
    }

    /**
     * A request {@link ForYouRequestReader} read (its candidates checked already).
     *
     * @throws InvalidInputException naming the field (the header, the limit)
     */
    static Checked of(ForYouRequestReader.Parsed read, String useOverdrive) {
      boolean overdrive = OverdriveToggle.enabled(useOverdrive);
      return of(read.userId(), read.candidates(), read.limit(), read.explain(), overdrive);
    }

    private static Checked of(
        String userId, List<Item> candidates, Integer limit, Boolean explain, boolean overdrive) {
      return new Checked(
          new RankRequest(userId, candidates, RequestLimits.limit("limit", limit)),
          overdrive,
          Boolean.TRUE.equals(explain));
    }
  }

  /** Ranks a checked request: from here on things happen (metrics, the served-ranking log). */
  ForYouResponse rank(Checked checked) {
    return ForYouResponse.of(
        forYou.rank(checked.request(), checked.overdrive()), checked.explain());
  }

  static List<Item> toItems(List<ForYouRequest.CandidateItem> items) {
    if (items == null) {
      return List.of();
    }
    CandidateValidation candidates = new CandidateValidation(CANDIDATES, items.size());
    for (int i = 0; i < items.size(); i++) {
      ForYouRequest.CandidateItem c = items.get(i);
      if (c == null) {
        throw new InvalidInputException(CANDIDATES + "[" + i + "]", "must not be null");
      }
      candidates.add(CANDIDATES, i, c.check(CANDIDATES, i));
    }
    return candidates.items();
  }
}
