package io.overdrive.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.EventLimits;

/**
 * The bounds of a For You request, whichever wire it came by (REST JSON at the API, protobuf at the
 * serving node's gRPC): one constant per bound, one check per field, each throwing {@link
 * InvalidInputException} naming the field with REST's wording ("size must be between 0 and 128"),
 * so both edges answer the same. Ids and hashtags keep the events' bounds ({@link EventLimits}): an
 * id a caller can rank is an id its events can carry. {@link CandidateValidation} checks the
 * candidates.
 */
public final class RequestLimits {
  /** Items returned when the request does not say. */
  public static final int DEFAULT_LIMIT = 20;

  public static final int MAX_LIMIT = 100;
  public static final int MAX_CANDIDATES = 1000;
  public static final int MAX_CONTENT_LENGTH = 10_000;
  public static final int MAX_MEDIA_TYPES = 16;
  public static final int MAX_MEDIA_TYPE_LENGTH = 32;

  private RequestLimits() {}

  /** A user, item or author id: present, not blank, at most {@link EventLimits#MAX_ID_LENGTH}. */
  public static String id(String field, String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    return size(field, id, EventLimits.MAX_ID_LENGTH);
  }

  /** How many items to return: the request's, or {@link #DEFAULT_LIMIT} when it gives none. */
  public static int limit(String field, Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw new InvalidInputException(field, "must be in 1.." + MAX_LIMIT + ", got " + requested);
    }
    return requested;
  }

  /** How many candidates a request may bring. */
  public static void candidateCount(String field, int count) {
    if (count > MAX_CANDIDATES) {
      throw new InvalidInputException(field, "size must be between 0 and " + MAX_CANDIDATES);
    }
  }

  /** An optional string of at most {@code max} characters (null passes). */
  static String size(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw new InvalidInputException(field, "size must be between 0 and " + max);
    }
    return value;
  }
}
