package io.overdrive.ranking.blender;

import io.overdrive.features.FeatureSlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A blend the trainer fitted from the archive ({@code blend.json} in a model version,
 * docs/ranking.md "The learned blend"): a linear ranker over feature slots, each slot with a base
 * weight and a maturity weight, {@code score = sum over present slots of value * (base + p *
 * maturity)}, p being the user's personalization. It is applied to users with at least {@link
 * #minInteractions} meaningful interactions; newer users keep the hand-set maturity blend (their
 * cold start).
 *
 * @param weights slot -> its two weights (slots outside it weigh 0)
 * @param minInteractions meaningful interactions from which a user is ranked with this blend
 * @param fit how it was fitted and how well it did (written by the trainer, shown as is)
 */
public record TrainedBlend(
    Map<FeatureSlot, Weight> weights, long minInteractions, Map<String, Object> fit) {

  /** File name in a model version directory. */
  public static final String FILE = "blend.json";

  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** A slot's weights: {@code base + p * maturity}. */
  public record Weight(double base, double maturity) {
    public Weight {
      if (!Double.isFinite(base) || !Double.isFinite(maturity)) {
        throw new IllegalArgumentException("weights must be finite numbers");
      }
    }

    double at(double personalization) {
      return base + personalization * maturity;
    }
  }

  public TrainedBlend {
    if (minInteractions < 0) {
      throw new IllegalArgumentException("min_interactions must be >= 0");
    }
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    fit = fit == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fit));
  }

  /** Whether a user with {@code n} meaningful interactions is ranked with this blend. */
  public boolean appliesTo(long n) {
    return n >= minInteractions;
  }

  /**
   * Reads a blend file.
   *
   * @throws IOException naming the file and the field when it is not a valid blend
   */
  @SuppressWarnings("unchecked")
  public static TrainedBlend read(Path file) throws IOException {
    JsonNode n;
    try {
      n = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    int format = n.path("format_version").asInt(-1);
    if (format != FORMAT_VERSION) {
      throw new IOException(file + ": format_version must be " + FORMAT_VERSION + ", is " + format);
    }
    if (!n.path("min_interactions").isIntegralNumber()) {
      throw new IOException(file + ": min_interactions must be an integer");
    }
    JsonNode w = n.path("weights");
    if (!w.isObject() || w.isEmpty()) {
      throw new IOException(file + ": weights must be a non-empty object of slot -> weights");
    }
    Map<FeatureSlot, Weight> weights = new LinkedHashMap<>();
    for (var e : w.properties()) {
      FeatureSlot slot = FeatureSlot.byName(e.getKey());
      if (slot == null) {
        throw new IOException(file + ": weights." + e.getKey() + " is not a feature slot");
      }
      JsonNode base = e.getValue().path("base");
      JsonNode maturity = e.getValue().path("maturity");
      if (!base.isNumber() || !maturity.isNumber()) {
        throw new IOException(
            file + ": weights." + e.getKey() + " needs numbers base and maturity");
      }
      try {
        weights.put(slot, new Weight(base.asDouble(), maturity.asDouble()));
      } catch (IllegalArgumentException bad) {
        throw new IOException(file + ": weights." + e.getKey() + ": " + bad.getMessage(), bad);
      }
    }
    try {
      return new TrainedBlend(
          weights,
          n.get("min_interactions").asLong(),
          n.has("fit") ? MAPPER.convertValue(n.get("fit"), Map.class) : Map.of());
    } catch (IllegalArgumentException bad) {
      throw new IOException(file + ": " + bad.getMessage(), bad);
    }
  }

  /** Writes the blend as {@link #read} reads it. */
  public void write(Path file) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("kind", "linear");
    root.put("min_interactions", minInteractions);
    ObjectNode w = root.putObject("weights");
    weights.forEach(
        (slot, v) -> {
          ObjectNode o = w.putObject(slot.slotName());
          o.put("base", v.base());
          o.put("maturity", v.maturity());
        });
    root.set("fit", MAPPER.valueToTree(fit));
    Files.writeString(file, MAPPER.writeValueAsString(root), StandardCharsets.UTF_8);
  }
}
