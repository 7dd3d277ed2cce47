package io.overdrive.events;

import io.overdrive.domain.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Strict reading of the fields of a JSON object at the REST edge: a wrong type is an {@link
 * InvalidInputException} naming the field ({@code path} prefixes it, e.g. {@code "[3]."}), never a
 * coercion. Shared by the event and the catalogue parsers.
 */
final class JsonFields {
  private JsonFields() {}

  static boolean present(JsonNode n, String f) {
    return n.has(f) && !n.get(f).isNull();
  }

  static String requiredText(JsonNode n, String f, String path, int maxLength) {
    if (!present(n, f)) {
      throw new InvalidInputException(path + f, "is required");
    }
    JsonNode v = n.get(f);
    if (!v.isString()) {
      throw new InvalidInputException(path + f, "must be a non-empty string");
    }
    return EventLimits.required(path + f, v.asString(), maxLength);
  }

  static String optionalText(JsonNode n, String f, String path, int maxLength) {
    if (!present(n, f)) {
      return null;
    }
    JsonNode v = n.get(f);
    if (!v.isString()) {
      throw new InvalidInputException(path + f, "must be a string");
    }
    return EventLimits.optional(path + f, v.asString(), maxLength);
  }

  /** A string, unchecked for length (the caller's bounds say how long). */
  static String text(JsonNode n, String f, String path) {
    if (!present(n, f)) {
      return null;
    }
    JsonNode v = n.get(f);
    if (!v.isString()) {
      throw new InvalidInputException(path + f, "must be a string");
    }
    return v.asString();
  }

  /** An integral JSON number (its range is checked by the caller). */
  static long integer(JsonNode n, String f, String path, long min, long max) {
    JsonNode v = n.get(f);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new InvalidInputException(path + f, "must be an integer in [" + min + ", " + max + "]");
    }
    return v.asLong();
  }

  static Double number(JsonNode n, String f, String path) {
    if (!present(n, f)) {
      return null;
    }
    JsonNode v = n.get(f);
    if (!v.isNumber()) {
      throw new InvalidInputException(path + f, "must be a number");
    }
    return v.asDouble();
  }

  /** An array of strings; a non-string element is kept as null (reported as blank). */
  static List<String> strings(JsonNode n, String f, String path) {
    if (!present(n, f)) {
      return null;
    }
    JsonNode arr = n.get(f);
    if (!arr.isArray()) {
      throw new InvalidInputException(path + f, "must be an array of strings");
    }
    List<String> out = new ArrayList<>(arr.size());
    for (JsonNode t : arr) {
      out.add(t.isString() ? t.asString() : null);
    }
    return out;
  }

  static Instant instant(JsonNode n, String f, String path, boolean required) {
    String s =
        required
            ? requiredText(n, f, path, EventLimits.MAX_TIMESTAMP_LENGTH)
            : optionalText(n, f, path, EventLimits.MAX_TIMESTAMP_LENGTH);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          path + f, "must be an ISO-8601 instant like 2026-11-26T10:00:05Z");
    }
  }
}
