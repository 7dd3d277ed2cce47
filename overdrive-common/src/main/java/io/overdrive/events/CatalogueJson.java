package io.overdrive.events;

import io.overdrive.catalogue.ItemChange;
import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.ranking.CandidateValidation;
import io.overdrive.ranking.RequestLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON lines of the catalogue files written next to an event archive: {@code items.jsonl} ({@code
 * id, author_id, content, hashtags, media_types, created_at, engagement_rate, quality_score}) and
 * {@code users.jsonl} ({@code user_id, interests, bio, follows}, optional {@code updated_at}), and
 * the archive's change parts ({@code items-*.jsonl.gz}, {@code users-*.jsonl.gz}): the same objects
 * with the change's {@code updated_at}, or a takedown {@code {"id", "taken_down": true,
 * "updated_at"}} / an erasure {@code {"user_id", "erased": true, "updated_at"}}. Also the strict
 * reading of an item at the REST edge ({@link #itemFromNode}).
 */
public final class CatalogueJson {
  private static final ObjectMapper MAPPER = new JsonMapper();

  private CatalogueJson() {}

  public static String itemToJson(Item i) {
    return MAPPER.writeValueAsString(itemNode(i));
  }

  private static ObjectNode itemNode(Item i) {
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
    return n;
  }

  /**
   * An item's catalogue record as {@link #itemToJson} writes it (the store's item meta field). The
   * ranking reads hundreds per request when its cache misses: the record's usual shape is read
   * token by token, without a tree; any other shape goes through the tree, whose reading is the
   * definition.
   */
  public static Item parseItem(String line) {
    Item item = streamedItem(line);
    return item != null ? item : treeItem(line);
  }

  /** The record read token by token, or null when it is not in the shape we write. */
  private static Item streamedItem(String line) {
    StreamedItem item = new StreamedItem();
    try (JsonParser p = MAPPER.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String name;
      while ((name = p.nextName()) != null) {
        if (!item.read(name, p.nextToken(), p)) {
          return null;
        }
      }
    } catch (JacksonException e) {
      return null; // the tree reports it
    }
    return item.id == null ? null : item.toItem();
  }

  /** The fields of one record as the stream gives them. */
  private static final class StreamedItem {
    String id;
    String author;
    String content;
    List<String> hashtags = List.of();
    List<String> media = List.of();
    String created;
    Double engagement;
    Double quality;

    /** Reads the field's value; false when it is not of the type we write. */
    boolean read(String name, JsonToken t, JsonParser p) {
      boolean isNull = t == JsonToken.VALUE_NULL;
      boolean isString = t == JsonToken.VALUE_STRING;
      boolean isNumber = t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT;
      switch (name) {
        case "id" -> id = isString ? p.getString() : null;
        case "author_id" -> author = isString ? p.getString() : null;
        case "content" -> content = isString ? p.getString() : null;
        case "created_at" -> created = isString ? p.getString() : null;
        case "hashtags" -> hashtags = strings(p, t);
        case "media_types" -> media = strings(p, t);
        case "engagement_rate" -> engagement = isNumber ? p.getDoubleValue() : null;
        case "quality_score" -> quality = isNumber ? p.getDoubleValue() : null;
        default -> {
          p.skipChildren();
          return true;
        }
      }
      return switch (name) {
        case "id" -> isString;
        case "hashtags" -> hashtags != null;
        case "media_types" -> media != null;
        case "engagement_rate", "quality_score" -> isNumber || isNull;
        default -> isString || isNull;
      };
    }

    Item toItem() {
      return new Item(
          id,
          author,
          content,
          hashtags,
          media,
          created == null ? null : IsoInstant.parse(created),
          engagement,
          quality);
    }
  }

  /** An array of strings, or null when it is anything else. */
  private static List<String> strings(JsonParser p, JsonToken t) {
    if (t != JsonToken.START_ARRAY) {
      return null;
    }
    List<String> out = new ArrayList<>(4);
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e != JsonToken.VALUE_STRING) {
        return null;
      }
      out.add(p.getString());
    }
    return out;
  }

  /** The reading by tree, which defines the record's meaning (package-private for the test). */
  static Item treeItem(String line) {
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

  /** An archive line of an item change: the item with its {@code updated_at}, or a takedown. */
  public static String itemChangeToJson(ItemChange c) {
    ObjectNode n;
    if (c.isTakedown()) {
      n = MAPPER.createObjectNode();
      n.put("id", c.itemId());
      n.put("taken_down", true);
    } else {
      n = itemNode(c.item());
    }
    n.put("updated_at", c.at().toString());
    return MAPPER.writeValueAsString(n);
  }

  /**
   * Reads a line of {@code items.jsonl} or of an item change part; a line without {@code
   * updated_at} (a snapshot written by the generator or by hand) dates from {@link Instant#EPOCH},
   * so any archived change of the id is newer.
   *
   * @throws InvalidInputException naming the field
   */
  public static ItemChange parseItemChange(String line) {
    JsonNode n = readObject(line);
    Instant at = updatedAt(n);
    if (n.path("taken_down").asBoolean(false)) {
      return ItemChange.takedown(
          JsonFields.requiredText(n, "id", "", EventLimits.MAX_ID_LENGTH), at);
    }
    return ItemChange.upsert(itemFromNode(n, -1), at);
  }

  /**
   * An archive line of a user change: the profile (its updated_at is the change's), or an erasure.
   */
  public static String userChangeToJson(UserChange c) {
    if (!c.isErasure()) {
      return userToJson(c.profile());
    }
    ObjectNode n = MAPPER.createObjectNode();
    n.put("user_id", c.userId());
    n.put("erased", true);
    n.put("updated_at", c.at().toString());
    return MAPPER.writeValueAsString(n);
  }

  /** Reads a line of {@code users.jsonl} or of a user change part; see {@link #parseItemChange}. */
  public static UserChange parseUserChange(String line) {
    JsonNode n = readObject(line);
    Instant at = updatedAt(n);
    String userId = JsonFields.requiredText(n, "user_id", "", EventLimits.MAX_ID_LENGTH);
    if (n.path("erased").asBoolean(false)) {
      return UserChange.erasure(userId, at);
    }
    List<String> interests = JsonFields.strings(n, "interests", "");
    String bio = JsonFields.text(n, "bio", "");
    List<String> follows = JsonFields.strings(n, "follows", "");
    RequestLimits.profile("", interests, bio, follows);
    return new UserChange(userId, new UserProfile(userId, interests, bio, follows, at), at);
  }

  /**
   * An item as the REST edge reads it ({@code POST /items}, one element of its array): types
   * checked strictly, bounds those of a For You candidate ({@link CandidateValidation}), {@code id}
   * required.
   *
   * @param index the item's position in a top-level array, or -1 when it is the whole body
   * @throws InvalidInputException naming the field, e.g. {@code [3].quality_score}
   */
  public static Item itemFromNode(JsonNode n, int index) {
    String path = index < 0 ? "" : "[" + index + "]";
    if (n == null || !n.isObject()) {
      throw new InvalidInputException(path.isEmpty() ? "$" : path, "expected a JSON object");
    }
    String prefix = path.isEmpty() ? "" : path + ".";
    String id = JsonFields.text(n, "id", prefix);
    if (id == null) {
      throw new InvalidInputException(prefix + "id", "is required");
    }
    return CandidateValidation.described(
        "",
        index,
        id,
        JsonFields.text(n, "content", prefix),
        JsonFields.strings(n, "hashtags", prefix),
        JsonFields.strings(n, "media_types", prefix),
        JsonFields.number(n, "engagement_rate", prefix),
        JsonFields.number(n, "quality_score", prefix),
        JsonFields.text(n, "author_id", prefix),
        JsonFields.instant(n, "created_at", prefix, false));
  }

  private static JsonNode readObject(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new InvalidInputException("$", "not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("$", "expected a JSON object");
    }
    return n;
  }

  private static Instant updatedAt(JsonNode n) {
    Instant at = JsonFields.instant(n, "updated_at", "", false);
    return at == null ? Instant.EPOCH : at;
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
