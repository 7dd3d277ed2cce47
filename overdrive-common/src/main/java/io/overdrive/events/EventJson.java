package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of an interaction, the same at the REST edge ({@code POST /events}), in the
 * training archive (one object per line) and in the synthetic generator's output: {@code
 * {"event_id", "user_id", "item_id", "author_id", "type", "dwell_ms", "completion", "position",
 * "surface", "experiment_variant", "timestamp", "hashtags"}}.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private EventJson() {}

  public static String toJson(Interaction e) {
    return MAPPER.writeValueAsString(toNode(e));
  }

  public static ObjectNode toNode(Interaction e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("event_id", e.eventId());
    n.put("user_id", e.userId());
    n.put("item_id", e.itemId());
    if (e.authorId() != null) {
      n.put("author_id", e.authorId());
    }
    n.put("type", e.type().wireName());
    if (e.dwellMs() > 0) {
      n.put("dwell_ms", e.dwellMs());
    }
    if (e.completion() != null) {
      n.put("completion", e.completion());
    }
    if (e.position() != null) {
      n.put("position", e.position());
    }
    if (e.surface() != null) {
      n.put("surface", e.surface());
    }
    if (e.experimentVariant() != null) {
      n.put("experiment_variant", e.experimentVariant());
    }
    n.put("timestamp", e.timestamp().toString());
    if (!e.hashtags().isEmpty()) {
      ArrayNode tags = n.putArray("hashtags");
      e.hashtags().forEach(tags::add);
    }
    return n;
  }

  /** Parses one JSON line; errors name the field. */
  public static Interaction parse(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new InvalidInputException("$", "not valid JSON: " + e.getOriginalMessage());
    }
    return fromNode(n, "");
  }

  /**
   * Converts a parsed JSON object; {@code path} prefixes field names in errors (e.g. "[3].").
   *
   * @throws InvalidInputException naming the offending field
   */
  public static Interaction fromNode(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new InvalidInputException(path.isEmpty() ? "$" : path, "expected a JSON object");
    }
    String eventId = requiredText(n, "event_id", path, 128);
    String userId = requiredText(n, "user_id", path, 128);
    String itemId = requiredText(n, "item_id", path, 128);
    String typeName = requiredText(n, "type", path, 32);
    InteractionType type;
    try {
      type = InteractionType.fromWireName(typeName);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path + "type", e.getMessage());
    }
    long dwell = optionalLong(n, "dwell_ms", path, 0, 24L * 3600 * 1000);
    Double completion = null;
    if (present(n, "completion")) {
      if (!n.get("completion").isNumber()) {
        throw new InvalidInputException(path + "completion", "must be a number in [0, 1]");
      }
      completion = n.get("completion").asDouble();
      if (completion < 0 || completion > 1 || completion.isNaN()) {
        throw new InvalidInputException(path + "completion", "must be a number in [0, 1]");
      }
    }
    Integer position =
        present(n, "position") ? (int) optionalLong(n, "position", path, 0, 100_000) : null;
    Instant timestamp;
    String ts = requiredText(n, "timestamp", path, 64);
    try {
      timestamp = Instant.parse(ts);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          path + "timestamp", "must be an ISO-8601 instant like 2026-11-26T10:00:05Z");
    }
    List<String> hashtags = new ArrayList<>();
    if (present(n, "hashtags")) {
      JsonNode tags = n.get("hashtags");
      if (!tags.isArray()) {
        throw new InvalidInputException(path + "hashtags", "must be an array of strings");
      }
      if (tags.size() > 64) {
        throw new InvalidInputException(path + "hashtags", "at most 64 hashtags");
      }
      for (JsonNode t : tags) {
        if (!t.isString() || t.asString().isBlank() || t.asString().length() > 100) {
          throw new InvalidInputException(
              path + "hashtags", "must be an array of non-empty strings (max 100 chars)");
        }
        hashtags.add(t.asString());
      }
    }
    return new Interaction(
        eventId,
        userId,
        itemId,
        optionalText(n, "author_id", path, 128),
        type,
        dwell,
        completion,
        position,
        optionalText(n, "surface", path, 64),
        optionalText(n, "experiment_variant", path, 64),
        timestamp,
        hashtags);
  }

  private static boolean present(JsonNode n, String f) {
    return n.has(f) && !n.get(f).isNull();
  }

  private static String requiredText(JsonNode n, String f, String path, int maxLength) {
    if (!present(n, f)) {
      throw new InvalidInputException(path + f, "is required");
    }
    JsonNode v = n.get(f);
    if (!v.isString() || v.asString().isBlank()) {
      throw new InvalidInputException(path + f, "must be a non-empty string");
    }
    if (v.asString().length() > maxLength) {
      throw new InvalidInputException(path + f, "must be at most " + maxLength + " characters");
    }
    return v.asString();
  }

  private static String optionalText(JsonNode n, String f, String path, int maxLength) {
    if (!present(n, f)) {
      return null;
    }
    JsonNode v = n.get(f);
    if (!v.isString()) {
      throw new InvalidInputException(path + f, "must be a string");
    }
    if (v.asString().length() > maxLength) {
      throw new InvalidInputException(path + f, "must be at most " + maxLength + " characters");
    }
    return v.asString().isBlank() ? null : v.asString();
  }

  private static long optionalLong(JsonNode n, String f, String path, long min, long max) {
    if (!present(n, f)) {
      return 0;
    }
    JsonNode v = n.get(f);
    if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
      throw new InvalidInputException(path + f, "must be an integer in [" + min + ", " + max + "]");
    }
    return v.asLong();
  }
}
