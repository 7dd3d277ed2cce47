package io.overdrive.events;

import io.overdrive.domain.InvalidInputException;
import java.util.List;

/**
 * The bounds an interaction must keep, whichever wire it came by (JSON at the REST edge, protobuf
 * on Kafka): one definition, so an event the API accepts is never a poison message for the
 * consumer, and the other way round. Each check throws {@link InvalidInputException} naming the
 * field.
 */
public final class EventLimits {
  /**
   * Every id's bound (event, user, item, author), in events and everywhere else: ranking requests
   * ({@link io.overdrive.ranking.RequestLimits}), retrieval, the user API.
   */
  public static final int MAX_ID_LENGTH = 128;

  public static final int MAX_TYPE_LENGTH = 32;
  public static final int MAX_LABEL_LENGTH = 64;
  public static final int MAX_TIMESTAMP_LENGTH = 64;
  public static final long MAX_DWELL_MS = 24L * 3600 * 1000;
  public static final int MAX_POSITION = 100_000;

  /** An item's hashtags, in events and in ranking requests' candidates alike. */
  public static final int MAX_HASHTAGS = 64;

  public static final int MAX_HASHTAG_LENGTH = 100;

  private EventLimits() {}

  /** A required string: present, not blank, at most {@code max} characters. */
  public static String required(String field, String value, int max) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    if (value.isBlank()) {
      throw new InvalidInputException(field, "must be a non-empty string");
    }
    return maxLength(field, value, max);
  }

  /** An optional string: at most {@code max} characters; blank counts as absent (null). */
  public static String optional(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    maxLength(field, value, max);
    return value.isBlank() ? null : value;
  }

  public static long dwellMs(String field, long value) {
    return integerIn(field, value, 0, MAX_DWELL_MS);
  }

  public static int position(String field, long value) {
    return (int) integerIn(field, value, 0, MAX_POSITION);
  }

  public static Double completion(String field, Double value) {
    if (value != null && (value.isNaN() || value < 0 || value > 1)) {
      throw new InvalidInputException(field, "must be a number in [0, 1]");
    }
    return value;
  }

  public static List<String> hashtags(String field, List<String> tags) {
    if (tags.size() > MAX_HASHTAGS) {
      throw new InvalidInputException(field, "at most " + MAX_HASHTAGS + " hashtags");
    }
    for (String t : tags) {
      if (t == null || t.isBlank() || t.length() > MAX_HASHTAG_LENGTH) {
        throw new InvalidInputException(
            field, "must be an array of non-empty strings (max " + MAX_HASHTAG_LENGTH + " chars)");
      }
    }
    return tags;
  }

  static long integerIn(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, "must be an integer in [" + min + ", " + max + "]");
    }
    return value;
  }

  private static String maxLength(String field, String value, int max) {
    if (value.length() > max) {
      throw new InvalidInputException(field, "must be at most " + max + " characters");
    }
    return value;
  }
}
