package io.overdrive.events;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.outcomes.ServedRanking;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON line of a served ranking in the archive ({@code rankings-*.jsonl.gz}, beside the
 * events): {@code {"ranking_id", "user_id", "experiment", "variant", "model_version",
 * "candidate_source", "served_at", "items": [{"id", "position", "score"}]}}.
 */
public final class RankingJson {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private static final byte[] RANKING_ID = ascii("{\"ranking_id\":");
  private static final byte[] USER_ID = ascii(",\"user_id\":");
  private static final byte[] EXPERIMENT = ascii(",\"experiment\":");
  private static final byte[] VARIANT = ascii(",\"variant\":");
  private static final byte[] MODEL_VERSION = ascii(",\"model_version\":");
  private static final byte[] CANDIDATE_SOURCE = ascii(",\"candidate_source\":");
  private static final byte[] SERVED_AT = ascii(",\"served_at\":");
  private static final byte[] ITEMS = ascii(",\"items\":[");
  private static final byte[] ID = ascii("{\"id\":");
  private static final byte[] POSITION = ascii(",\"position\":");
  private static final byte[] SCORE = ascii(",\"score\":");

  private RankingJson() {}

  public static String toJson(ServedRanking r) {
    JsonBytes out = new JsonBytes(256 + 64 * r.items().size());
    write(r, out);
    return out.toString();
  }

  static void write(ServedRanking r, JsonBytes out) {
    out.writeRaw(RANKING_ID);
    out.writeString(r.rankingId());
    out.writeRaw(USER_ID);
    out.writeString(r.userId());
    out.writeRaw(EXPERIMENT);
    out.writeString(r.experiment());
    out.writeRaw(VARIANT);
    out.writeString(r.variant());
    out.writeRaw(MODEL_VERSION);
    out.writeString(r.modelVersion());
    out.writeRaw(CANDIDATE_SOURCE);
    out.writeString(r.candidateSource());
    out.writeRaw(SERVED_AT);
    out.writeInstantString(r.servedAt());
    out.writeRaw(ITEMS);
    List<ServedRanking.Item> items = r.items();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.writeByte(',');
      }
      ServedRanking.Item it = items.get(i);
      out.writeRaw(ID);
      out.writeString(it.itemId());
      out.writeRaw(POSITION);
      out.writeLong(it.position());
      out.writeRaw(SCORE);
      out.writeDouble(it.score());
      out.writeByte('}');
    }
    out.writeByte(']');
    out.writeByte('}');
  }

  /** Parses one line; errors name the field. */
  public static ServedRanking parse(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new InvalidInputException("$", "not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("$", "expected a JSON object");
    }
    List<ServedRanking.Item> items = new ArrayList<>();
    JsonNode arr = n.path("items");
    for (int i = 0; i < arr.size(); i++) {
      JsonNode it = arr.get(i);
      items.add(
          new ServedRanking.Item(
              text(it, "id", "items[" + i + "].id"),
              it.path("position").asInt(i),
              it.path("score").asDouble(0)));
    }
    Instant servedAt;
    try {
      servedAt = Instant.parse(text(n, "served_at", "served_at"));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("served_at", "must be an ISO-8601 instant");
    }
    return new ServedRanking(
        text(n, "ranking_id", "ranking_id"),
        text(n, "user_id", "user_id"),
        text(n, "experiment", "experiment"),
        text(n, "variant", "variant"),
        n.path("model_version").asString(""),
        n.path("candidate_source").asString(""),
        servedAt,
        items);
  }

  private static String text(JsonNode n, String f, String path) {
    JsonNode v = n.get(f);
    if (v == null || !v.isString() || v.asString().isEmpty()) {
      throw new InvalidInputException(path, "is required");
    }
    return v.asString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
