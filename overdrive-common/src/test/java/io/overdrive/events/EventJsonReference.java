package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference {@link EventJson} must match byte for byte: the archive's JSON as Jackson's
 * streaming generator wrote it before the hand-written encoder, and realistic events to compare
 * them on. Shared by {@code EventJsonTest} and the archive-append benchmark (overdrive-bench).
 */
public final class EventJsonReference {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private EventJsonReference() {}

  /** Realistic events: ids, author, dwell, completion, surface, position, 1-2 hashtags. */
  public static List<Interaction> events(int n, SplittableRandom rnd) {
    String[] surfaces = {"for_you", "following", "search", "profile"};
    String[] tags = {"gaming", "ps5", "cooking", "travel", "fitness", "music", "diy", "cats"};
    InteractionType[] types = InteractionType.values();
    Instant t0 = Instant.parse("2026-11-27T09:00:00Z");
    List<Interaction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      InteractionType type = rnd.nextInt(3) == 0 ? types[rnd.nextInt(types.length)] : types[1];
      List<String> hashtags =
          rnd.nextBoolean()
              ? List.of(tags[rnd.nextInt(tags.length)])
              : List.of(tags[rnd.nextInt(tags.length)], tags[rnd.nextInt(tags.length)]);
      out.add(
          new Interaction(
              new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString(),
              "u" + rnd.nextInt(1_000_000),
              "n" + rnd.nextInt(5_000_000),
              "a" + rnd.nextInt(100_000),
              type,
              rnd.nextInt(60_000),
              // as the consumer decodes it from the protobuf float
              Double.parseDouble(
                  Float.toString(
                      rnd.nextBoolean()
                          ? (float) rnd.nextDouble()
                          : Math.round(rnd.nextDouble() * 100) / 100f)),
              rnd.nextInt(50),
              surfaces[rnd.nextInt(surfaces.length)],
              rnd.nextInt(4) == 0 ? "treatment" : null,
              t0.plusMillis(i * 40L + rnd.nextInt(40)),
              hashtags));
    }
    return out;
  }

  /** EventJson.toJson as it was: Jackson's streaming generator. */
  public static String toJson(Interaction e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("event_id", e.eventId());
      g.writeStringProperty("user_id", e.userId());
      g.writeStringProperty("item_id", e.itemId());
      if (e.authorId() != null) {
        g.writeStringProperty("author_id", e.authorId());
      }
      g.writeStringProperty("type", e.type().wireName());
      if (e.dwellMs() > 0) {
        g.writeNumberProperty("dwell_ms", e.dwellMs());
      }
      if (e.completion() != null) {
        g.writeNumberProperty("completion", e.completion().doubleValue());
      }
      if (e.position() != null) {
        g.writeNumberProperty("position", e.position().intValue());
      }
      if (e.surface() != null) {
        g.writeStringProperty("surface", e.surface());
      }
      if (e.experimentVariant() != null) {
        g.writeStringProperty("experiment_variant", e.experimentVariant());
      }
      g.writeStringProperty("timestamp", e.timestamp().toString());
      if (!e.hashtags().isEmpty()) {
        g.writeArrayPropertyStart("hashtags");
        for (String tag : e.hashtags()) {
          g.writeString(tag);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    return out.toString();
  }
}
