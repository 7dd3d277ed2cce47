package io.overdrive.events;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON lines of the catalogue files written next to an event archive: {@code items.jsonl} ({@code
 * id, author_id, content, hashtags, media_types, created_at, engagement_rate, quality_score}) and
 * {@code users.jsonl} ({@code user_id, interests, bio, follows}, optional {@code updated_at}).
 */
public final class CatalogueJson {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private CatalogueJson() {}

  public static String itemToJson(Item i) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", i.id());
    if (i.authorId() != null) {
      n.put("author_id", i.authorId());
    }
    if (i.text() != null) {
      n.put("content", i.text());
    }
    i.hashtags().forEach(n.putArray("hashtags")::add);
    i.mediaTypes().forEach(n.putArray("media_types")::add);
    if (i.createdAt() != null) {
      n.put("created_at", i.createdAt().toString());
    }
    if (i.engagementRate() != null) {
      n.put("engagement_rate", i.engagementRate());
    }
    if (i.qualityScore() != null) {
      n.put("quality_score", i.qualityScore());
    }
    return MAPPER.writeValueAsString(n);
  }

  public static Item parseItem(String line) {
    JsonNode n = MAPPER.readTree(line);
    return new Item(
        n.path("id").asString(),
        text(n, "author_id"),
        text(n, "content"),
        strings(n.path("hashtags")),
        strings(n.path("media_types")),
        n.hasNonNull("created_at") ? IsoInstant.parse(n.get("created_at").asString()) : null,
        n.hasNonNull("engagement_rate") ? n.get("engagement_rate").asDouble() : null,
        n.hasNonNull("quality_score") ? n.get("quality_score").asDouble() : null);
  }

  public static String userToJson(UserProfile u) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("user_id", u.userId());
    u.interests().forEach(n.putArray("interests")::add);
    n.put("bio", u.bio());
    u.follows().forEach(n.putArray("follows")::add);
    if (u.updatedAt() != null) {
      n.put("updated_at", u.updatedAt().toString());
    }
    return MAPPER.writeValueAsString(n);
  }

  public static UserProfile parseUser(String line) {
    JsonNode n = MAPPER.readTree(line);
    return new UserProfile(
        n.path("user_id").asString(),
        strings(n.path("interests")),
        text(n, "bio"),
        strings(n.path("follows")),
        n.hasNonNull("updated_at") ? IsoInstant.parse(n.get("updated_at").asString()) : null);
  }

  private static String text(JsonNode n, String f) {
    return n.hasNonNull(f) ? n.get(f).asString() : null;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : arr) {
      out.add(t.asString());
    }
    return out;
  }
}
