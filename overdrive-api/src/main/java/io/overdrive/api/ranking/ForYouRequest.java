package io.overdrive.api.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.events.EventLimits;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.RequestLimits;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /rank/for-you}. Everything but {@code user_id} and item ids is optional. The
 * bounds are common's {@link RequestLimits}, the gRPC node's too.
 *
 * @param limit how many items to return, 1..100 (default 20)
 * @param explain true to get the stage-by-stage explanation of every score in the response
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForYouRequest(
    @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String userId,
    // items are checked by CandidateItem.check, not cascaded: see there
    @Size(max = RequestLimits.MAX_CANDIDATES) List<CandidateItem> candidateItems,
    @Min(1) @Max(RequestLimits.MAX_LIMIT) Integer limit,
    Boolean explain) {

  /**
   * A candidate post as the gateway describes it. The annotations document the bounds (OpenAPI);
   * {@link #check} enforces them through common's {@link CandidateValidation} (the gRPC node's
   * checks), because cascaded Bean Validation of a thousand nested items costs more CPU than
   * ranking them. ForYouRequestTest holds the two to the same rules.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CandidateItem(
      @NotBlank @Size(max = EventLimits.MAX_ID_LENGTH) String id,
      @Size(max = RequestLimits.MAX_CONTENT_LENGTH) String content,
      @Size(max = EventLimits.MAX_HASHTAGS)
          List<@NotBlank @Size(max = EventLimits.MAX_HASHTAG_LENGTH) String> hashtags,
      @Size(max = RequestLimits.MAX_MEDIA_TYPES)
          List<@NotBlank @Size(max = RequestLimits.MAX_MEDIA_TYPE_LENGTH) String> mediaTypes,
      @DecimalMin("0") @DecimalMax("1") Double engagementRate,
      @DecimalMin("0") @DecimalMax("1") Double qualityScore,
      @Size(max = EventLimits.MAX_ID_LENGTH) String authorId,
      Instant createdAt) {

    /**
     * Enforces the annotated bounds.
     *
     * @param list the candidate list's JSON field ({@code candidate_items})
     * @param index the item's position in it
     * @return the candidate as the ranker takes it
     * @throws InvalidInputException naming the offending field, e.g. {@code
     *     candidate_items[3].quality_score}
     */
    Item check(String list, int index) {
      return CandidateValidation.described(
          list,
          index,
          id,
          content,
          hashtags,
          mediaTypes,
          engagementRate,
          qualityScore,
          authorId,
          createdAt);
    }
  }
}
