package io.overdrive.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code manifest.json} of a model version (docs/models.md): what was trained on which data, how
 * well it did, and the settings a reader needs to rebuild each model from its parameter file.
 *
 * @param twoTower the two-tower model's settings, or null when this version has none
 * @param sequence the sequence model's settings, or null when this version has none
 * @param metrics the rows of {@code metrics.json}
 * @param json the whole manifest as written (hyper-parameters, data summary, ...)
 */
public record ModelManifest(
    int formatVersion,
    String version,
    String createdAt,
    String dataFingerprint,
    int embeddingDim,
    int itemCount,
    TwoTowerModel.Settings twoTower,
    SequenceModel.Settings sequence,
    List<Map<String, Object>> metrics,
    JsonNode json) {

  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public boolean hasTwoTower() {
    return twoTower != null;
  }

  public boolean hasSequence() {
    return sequence != null;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads and checks a manifest.
   *
   * @throws IOException when it is missing, not JSON, of another format version, or incomplete
   */
  @SuppressWarnings("unchecked")
  public static ModelManifest read(Path file) throws IOException {
    JsonNode n;
    try {
      n = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    try {
      int format = required(n, "format_version").asInt();
      if (format != FORMAT_VERSION) {
        throw new IOException(file + ": unsupported format_version " + format);
      }
      JsonNode models = n.path("models");
      TwoTowerModel.Settings twoTower = null;
      if (models.hasNonNull("two_tower")) {
        JsonNode t = models.get("two_tower");
        twoTower =
            new TwoTowerModel.Settings(
                required(t, "dim").asInt(),
                required(t, "hidden").asInt(),
                required(t, "token_buckets").asInt(),
                required(t, "item_buckets").asInt(),
                required(t, "user_buckets").asInt(),
                (float) required(t, "temperature").asDouble());
      }
      SequenceModel.Settings sequence = null;
      if (models.hasNonNull("sequence")) {
        JsonNode s = models.get("sequence");
        sequence =
            new SequenceModel.Settings(
                required(s, "dim").asInt(),
                required(s, "max_length").asInt(),
                required(s, "blocks").asInt(),
                required(s, "heads").asInt(),
                required(s, "ffn_dim").asInt());
      }
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (JsonNode row : n.path("metrics")) {
        metrics.add(MAPPER.convertValue(row, Map.class));
      }
      return new ModelManifest(
          format,
          required(n, "version").asString(),
          n.path("created_at").asString(""),
          n.path("data_fingerprint").asString(""),
          n.path("embedding_dim").asInt(0),
          required(n, "item_count").asInt(),
          twoTower,
          sequence,
          metrics,
          n);
    } catch (ModelFormatException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the manifest JSON (pretty-printed). */
  public static void write(Path file, ObjectNode manifest) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(manifest), StandardCharsets.UTF_8);
  }

  /** The {@code models.two_tower} settings object as the readers expect it. */
  public static ObjectNode twoTowerNode(TwoTowerModel.Settings s) {
    ObjectNode t = MAPPER.createObjectNode();
    t.put("params", ModelDirectory.TWO_TOWER_PARAMS);
    t.put("dim", s.dim());
    t.put("hidden", s.hidden());
    t.put("token_buckets", s.tokenBuckets());
    t.put("item_buckets", s.itemBuckets());
    t.put("user_buckets", s.userBuckets());
    t.put("temperature", s.temperature());
    t.put("history", TwoTowerFeatures.HISTORY);
    t.put("recency_decay", TwoTowerFeatures.RECENCY_DECAY);
    return t;
  }

  /** The {@code models.sequence} settings object as the readers expect it. */
  public static ObjectNode sequenceNode(SequenceModel.Settings s) {
    ObjectNode t = MAPPER.createObjectNode();
    t.put("params", ModelDirectory.SEQUENCE_PARAMS);
    t.put("dim", s.dim());
    t.put("max_length", s.maxLength());
    t.put("blocks", s.blocks());
    t.put("heads", s.heads());
    t.put("ffn_dim", s.ffnDim());
    return t;
  }

  private static JsonNode required(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new ModelFormatException("missing field " + field);
    }
    return v;
  }
}
