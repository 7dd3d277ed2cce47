package io.overdrive.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.EventLimits;
import java.util.List;

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

  /** A signup profile's bounds ({@code PUT /users}, the users topic): interests, bio, follows. */
  public static final int MAX_INTERESTS = 50;

  public static final int MAX_INTEREST_LENGTH = 100;
  public static final int MAX_BIO_LENGTH = 2000;
  public static final int MAX_FOLLOWS = 5000;

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

  /**
   * An optional list of non-blank strings: at most {@code maxCount} of at most {@code maxLength}
   * characters each (null passes).
   */
  public static List<String> words(String field, List<String> values, int maxCount, int maxLength) {
    if (values == null) {
      return null;
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
    return values;
  }

  /**
   * A signup profile's fields, with the user API's bounds; {@code path} prefixes the field names
   * ("" for the top level).
   */
  public static void profile(
      String path, List<String> interests, String bio, List<String> follows) {
    words(path + "interests", interests, MAX_INTERESTS, MAX_INTEREST_LENGTH);
    size(path + "bio", bio, MAX_BIO_LENGTH);
    words(path + "follows", follows, MAX_FOLLOWS, EventLimits.MAX_ID_LENGTH);
  }

  /** An optional string of at most {@code max} characters (null passes). */
  public static String size(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw new InvalidInputException(field, "size must be between 0 and " + max);
    }
    return value;
  }
}
