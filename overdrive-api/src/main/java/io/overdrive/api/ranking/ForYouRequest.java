package io.overdrive.api.ranking;

import io.overdrive.ranking.RankRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /rank/for-you}. Everything but {@code user_id} and item ids is optional.
 *
 * @param limit how many items to return, 1..100 (default 20)
 * @param explain true to get the stage-by-stage explanation of every score in the response
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForYouRequest(
    @NotBlank @Size(max = 128) String userId,
    @Size(max = RankRequest.MAX_CANDIDATES) List<@NotNull @Valid CandidateItem> candidateItems,
    @Min(1) @Max(RankRequest.MAX_LIMIT) Integer limit,
    Boolean explain) {

  /** A candidate post as the gateway describes it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CandidateItem(
      @NotBlank @Size(max = 128) String id,
      @Size(max = 10_000) String content,
      @Size(max = 64) List<@NotBlank @Size(max = 100) String> hashtags,
      @Size(max = 16) List<@NotBlank @Size(max = 32) String> mediaTypes,
      @DecimalMin("0") @DecimalMax("1") Double engagementRate,
      @DecimalMin("0") @DecimalMax("1") Double qualityScore,
      @Size(max = 128) String authorId,
      Instant createdAt) {}
}
