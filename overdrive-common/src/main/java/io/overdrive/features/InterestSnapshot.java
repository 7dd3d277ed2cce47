package io.overdrive.features;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's strongest learned interests and authors at one moment, as {@link InterestHistory}
 * records them: the points of the console's "learned interests over time". Weights are the decayed
 * weights of {@link UserFeatures} as of {@code at}, strongest first.
 *
 * @param at the time of the user's latest event when the snapshot was taken
 * @param interactions the user's meaningful interactions by then (the maturity axis)
 */
public record InterestSnapshot(
    Instant at, long interactions, Map<String, Double> interests, Map<String, Double> authors) {
  /** Interests a snapshot keeps: the console shows the top ten. */
  public static final int TOP_INTERESTS = 10;

  /** Authors a snapshot keeps. */
  public static final int TOP_AUTHORS = 5;

  private static final ObjectMapper MAPPER = new JsonMapper();

  public InterestSnapshot {
    interests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(interests));
    authors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authors));
  }

  /** The user's strongest interests and authors, as of their features' read time. */
  public static InterestSnapshot of(UserFeatures f) {
    return new InterestSnapshot(
        f.asOf(),
        f.meaningfulInteractions(),
        strongest(f.interestWeights(), TOP_INTERESTS),
        strongest(f.authorAffinity(), TOP_AUTHORS));
  }

  private static Map<String, Double> strongest(Map<String, Double> weights, int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    weights.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(
            Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * 1e4) / 1e4));
    return out;
  }

  /** The stored form: {@code {"at", "interactions", "interests": {...}, "authors": {...}}}. */
  public String toJson() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("at", at.toString());
    n.put("interactions", interactions);
    ObjectNode i = n.putObject("interests");
    interests.forEach(i::put);
    ObjectNode a = n.putObject("authors");
    authors.forEach(a::put);
    return MAPPER.writeValueAsString(n);
  }

  public static InterestSnapshot parse(String json) {
    JsonNode n = MAPPER.readTree(json);
    return new InterestSnapshot(
        Instant.parse(n.path("at").asString()),
        n.path("interactions").asLong(),
        weights(n.path("interests")),
        weights(n.path("authors")));
  }

  private static Map<String, Double> weights(JsonNode n) {
    Map<String, Double> out = new LinkedHashMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
    return out;
  }
}
