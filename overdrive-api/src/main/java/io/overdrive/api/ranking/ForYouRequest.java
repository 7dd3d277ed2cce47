package io.overdrive.api.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.ranking.RankRequest;
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
 * Body of {@code POST /rank/for-you}. Everything but {@code user_id} and item ids is optional.
 *
 * @param limit how many items to return, 1..100 (default 20)
 * @param explain true to get the stage-by-stage explanation of every score in the response
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForYouRequest(
    @NotBlank @Size(max = 128) String userId,
    // items are checked by CandidateItem.check, not cascaded: see there
    @Size(max = RankRequest.MAX_CANDIDATES) List<CandidateItem> candidateItems,
    @Min(1) @Max(RankRequest.MAX_LIMIT) Integer limit,
    Boolean explain) {

  /**
   * A candidate post as the gateway describes it. The annotations document the bounds (OpenAPI);
   * {@link #check} enforces them, because cascaded Bean Validation of a thousand nested items costs
   * more CPU than ranking them. ForYouRequestTest holds the two to the same rules.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CandidateItem(
      @NotBlank @Size(max = MAX_ID) String id,
      @Size(max = MAX_CONTENT) String content,
      @Size(max = MAX_TAGS) List<@NotBlank @Size(max = MAX_TAG) String> hashtags,
      @Size(max = MAX_MEDIA) List<@NotBlank @Size(max = MAX_MEDIA_TYPE) String> mediaTypes,
      @DecimalMin("0") @DecimalMax("1") Double engagementRate,
      @DecimalMin("0") @DecimalMax("1") Double qualityScore,
      @Size(max = MAX_ID) String authorId,
      Instant createdAt) {
    static final int MAX_ID = 128;
    static final int MAX_CONTENT = 10_000;
    static final int MAX_TAGS = 64;
    static final int MAX_TAG = 100;
    static final int MAX_MEDIA = 16;
    static final int MAX_MEDIA_TYPE = 32;

    /**
     * Enforces the annotated bounds.
     *
     * @param path the item's JSON path, e.g. {@code candidate_items[3]}
     * @throws InvalidInputException naming the offending field
     */
    void check(String path) {
      if (id == null || id.isBlank()) {
        throw new InvalidInputException(path + ".id", "must not be blank");
      }
      size(path + ".id", id, MAX_ID);
      size(path + ".content", content, MAX_CONTENT);
      size(path + ".author_id", authorId, MAX_ID);
      words(path + ".hashtags", hashtags, MAX_TAGS, MAX_TAG);
      words(path + ".media_types", mediaTypes, MAX_MEDIA, MAX_MEDIA_TYPE);
      unit(path + ".engagement_rate", engagementRate);
      unit(path + ".quality_score", qualityScore);
    }

    private static void size(String field, String value, int max) {
      if (value != null && value.length() > max) {
        throw new InvalidInputException(field, "size must be between 0 and " + max);
      }
    }

    private static void words(String field, List<String> values, int maxCount, int maxLength) {
      if (values == null) {
        return;
      }
      if (values.size() > maxCount) {
        throw new InvalidInputException(field, "size must be between 0 and " + maxCount);
      }
      for (int i = 0; i < values.size(); i++) {
        String v = values.get(i);
        if (v == null || v.isBlank()) {
          throw new InvalidInputException(field + "[" + i + "]", "must not be blank");
        }
        size(field + "[" + i + "]", v, maxLength);
      }
    }

    private static void unit(String field, Double value) {
      if (value == null) {
        return;
      }
      if (!(value >= 0)) {
        throw new InvalidInputException(field, "must be greater than or equal to 0");
      }
      if (value > 1) {
        throw new InvalidInputException(field, "must be less than or equal to 1");
      }
    }
  }
}
