package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of an interaction, the same at the REST edge ({@code POST /events}), in the
 * training archive (one object per line) and in the synthetic generator's output: {@code
 * {"event_id", "user_id", "item_id", "author_id", "type", "dwell_ms", "completion", "position",
 * "surface", "experiment_variant", "timestamp", "hashtags"}}.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private EventJson() {}

  private static final byte[] EVENT_ID = ascii("{\"event_id\":");
  private static final byte[] USER_ID = ascii(",\"user_id\":");
  private static final byte[] ITEM_ID = ascii(",\"item_id\":");
  private static final byte[] AUTHOR_ID = ascii(",\"author_id\":");
  private static final byte[] TYPE = ascii(",\"type\":");
  private static final byte[] DWELL_MS = ascii(",\"dwell_ms\":");
  private static final byte[] COMPLETION = ascii(",\"completion\":");
  private static final byte[] POSITION = ascii(",\"position\":");
  private static final byte[] SURFACE = ascii(",\"surface\":");
  private static final byte[] EXPERIMENT_VARIANT = ascii(",\"experiment_variant\":");
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
  private static final byte[] HASHTAGS = ascii(",\"hashtags\":[");

  /** One JSON object, written field by field (the archive writes one per event). */
  public static String toJson(Interaction e) {
    JsonBytes out = new JsonBytes(512);
    write(e, out);
    return out.toString();
  }

  /**
   * Appends {@link #toJson}'s object as UTF-8 to {@code out}. The bytes are the ones Jackson's
   * generator wrote before (escapes, numbers, {@link Instant#toString} timestamps), written without
   * a String per event for the archive's hot path.
   */
  static void write(Interaction e, JsonBytes out) {
    out.writeRaw(EVENT_ID);
    out.writeString(e.eventId());
    out.writeRaw(USER_ID);
    out.writeString(e.userId());
    out.writeRaw(ITEM_ID);
    out.writeString(e.itemId());
    if (e.authorId() != null) {
      out.writeRaw(AUTHOR_ID);
      out.writeString(e.authorId());
    }
    out.writeRaw(TYPE);
    out.writeString(e.type().wireName());
    if (e.dwellMs() > 0) {
      out.writeRaw(DWELL_MS);
      out.writeLong(e.dwellMs());
    }
    if (e.completion() != null) {
      out.writeRaw(COMPLETION);
      out.writeDouble(e.completion());
    }
    if (e.position() != null) {
      out.writeRaw(POSITION);
      out.writeLong(e.position());
    }
    if (e.surface() != null) {
      out.writeRaw(SURFACE);
      out.writeString(e.surface());
    }
    if (e.experimentVariant() != null) {
      out.writeRaw(EXPERIMENT_VARIANT);
      out.writeString(e.experimentVariant());
    }
    out.writeRaw(TIMESTAMP);
    out.writeInstantString(e.timestamp());
    List<String> tags = e.hashtags();
    if (!tags.isEmpty()) {
      out.writeRaw(HASHTAGS);
      for (int i = 0; i < tags.size(); i++) {
        if (i > 0) {
          out.writeByte(',');
        }
        out.writeString(tags.get(i));
      }
      out.writeByte(']');
    }
    out.writeByte('}');
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
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
    String eventId = JsonFields.requiredText(n, "event_id", path, EventLimits.MAX_ID_LENGTH);
    String userId = JsonFields.requiredText(n, "user_id", path, EventLimits.MAX_ID_LENGTH);
    String itemId = JsonFields.requiredText(n, "item_id", path, EventLimits.MAX_ID_LENGTH);
    String typeName = JsonFields.requiredText(n, "type", path, EventLimits.MAX_TYPE_LENGTH);
    InteractionType type;
    try {
      type = InteractionType.fromWireName(typeName);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(path + "type", e.getMessage());
    }
    long dwell =
        JsonFields.present(n, "dwell_ms")
            ? EventLimits.dwellMs(
                path + "dwell_ms",
                JsonFields.integer(n, "dwell_ms", path, 0, EventLimits.MAX_DWELL_MS))
            : 0;
    Double completion = null;
    if (JsonFields.present(n, "completion")) {
      if (!n.get("completion").isNumber()) {
        throw new InvalidInputException(path + "completion", "must be a number in [0, 1]");
      }
      completion = EventLimits.completion(path + "completion", n.get("completion").asDouble());
    }
    Integer position =
        JsonFields.present(n, "position")
            ? EventLimits.position(
                path + "position",
                JsonFields.integer(n, "position", path, 0, EventLimits.MAX_POSITION))
            : null;
    Instant timestamp = JsonFields.instant(n, "timestamp", path, true);
    List<String> hashtags = JsonFields.strings(n, "hashtags", path);
    if (hashtags == null) {
      hashtags = new ArrayList<>();
    } else {
      // a non-string element is reported like a blank one
      EventLimits.hashtags(path + "hashtags", hashtags);
    }
    return new Interaction(
        eventId,
        userId,
        itemId,
        JsonFields.optionalText(n, "author_id", path, EventLimits.MAX_ID_LENGTH),
        type,
        dwell,
        completion,
        position,
        JsonFields.optionalText(n, "surface", path, EventLimits.MAX_LABEL_LENGTH),
        JsonFields.optionalText(n, "experiment_variant", path, EventLimits.MAX_LABEL_LENGTH),
        timestamp,
        hashtags);
  }
}
