package io.overdrive.ranking;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.events.EventLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a request's candidates as the edges receive them and collects them as {@link Item}s: the
 * count, each candidate's bounds ({@link RequestLimits}) and that no id comes twice. The REST API
 * and the gRPC node both build their candidate lists through here, so they accept and refuse the
 * same requests with the same messages. Each failure is an {@link InvalidInputException} naming the
 * field as a path ({@code candidate_items[3].quality_score}).
 */
public final class CandidateValidation {
  private final List<Item> items;
  private final Set<String> ids;

  /**
   * @param field the candidate list's field, named when there are too many
   * @param count how many candidates the request holds
   */
  public CandidateValidation(String field, int count) {
    RequestLimits.candidateCount(field, count);
    this.items = new ArrayList<>(count);
    this.ids = new HashSet<>(count * 2);
  }

  /** Adds a checked candidate, refusing an id the request already gave. */
  public CandidateValidation add(String idField, Item item) {
    if (!ids.add(item.id())) {
      throw duplicate(idField, item);
    }
    items.add(item);
    return this;
  }

  /**
   * Adds the checked candidate at {@code list[index]}, refusing an id the request already gave
   * ({@code list[index].id} is named then; the path is built only for the error).
   */
  public CandidateValidation add(String list, int index, Item item) {
    if (!ids.add(item.id())) {
      throw duplicate(field(list, index, ".id"), item);
    }
    items.add(item);
    return this;
  }

  /**
   * Adds the candidate named by its id alone at {@code list[index]} (the catalogue fills the rest),
   * refusing a blank, too long or repeated id as {@link #byId} and {@link #add(String, Item)} do,
   * with the same messages; the field's path is built only for the error.
   */
  public CandidateValidation addId(String list, int index, String id) {
    if (id == null || id.isBlank() || id.length() > EventLimits.MAX_ID_LENGTH) {
      byId(list + "[" + index + "]", id); // throws, with its wording
    }
    Item item = Item.withId(id);
    if (!ids.add(id)) {
      throw duplicate(list + "[" + index + "]", item);
    }
    items.add(item);
    return this;
  }

  private static InvalidInputException duplicate(String idField, Item item) {
    return new InvalidInputException(idField, "duplicate candidate id '" + item.id() + "'");
  }

  /** The candidates, in the order given. */
  public List<Item> items() {
    return items;
  }

  /** A candidate given by its id alone (the catalogue fills the rest). */
  public static Item byId(String field, String id) {
    return Item.withId(RequestLimits.id(field, id));
  }

  /**
   * The candidate at {@code list[index]} as the caller describes it; everything but the id may be
   * null. A field's path ({@code candidate_items[3].content}) is built only when it is refused: a
   * request of 1,000 valid candidates builds none.
   *
   * @param list the list's field ("" for a top-level array, as {@code POST /items} takes)
   * @param index the candidate's position, or -1 when the item is the whole body
   */
  public static Item described(
      String list,
      int index,
      String id,
      String content,
      List<String> hashtags,
      List<String> mediaTypes,
      Double engagementRate,
      Double qualityScore,
      String authorId,
      Instant createdAt) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(field(list, index, ".id"), "must not be blank");
    }
    size(list, index, ".id", id, EventLimits.MAX_ID_LENGTH);
    size(list, index, ".content", content, RequestLimits.MAX_CONTENT_LENGTH);
    size(list, index, ".author_id", authorId, EventLimits.MAX_ID_LENGTH);
    words(
        list,
        index,
        ".hashtags",
        hashtags,
        EventLimits.MAX_HASHTAGS,
        EventLimits.MAX_HASHTAG_LENGTH);
    words(
        list,
        index,
        ".media_types",
        mediaTypes,
        RequestLimits.MAX_MEDIA_TYPES,
        RequestLimits.MAX_MEDIA_TYPE_LENGTH);
    unit(list, index, ".engagement_rate", engagementRate);
    unit(list, index, ".quality_score", qualityScore);
    return new Item(
        id, authorId, content, hashtags, mediaTypes, createdAt, engagementRate, qualityScore);
  }

  /**
   * A field's path, built for an error message only; a negative index is a whole body ({@code POST
   * /items} with one object), whose fields are named bare ({@code quality_score}).
   */
  private static String field(String list, int index, String suffix) {
    return index < 0 ? suffix.substring(1) : list + "[" + index + "]" + suffix;
  }

  private static void size(String list, int index, String suffix, String value, int max) {
    if (value != null && value.length() > max) {
      RequestLimits.size(field(list, index, suffix), value, max); // throws, with its wording
    }
  }

  private static void words(
      String list, int index, String suffix, List<String> values, int maxCount, int maxLength) {
    if (values == null) {
      return;
    }
    if (values.size() > maxCount) {
      throw new InvalidInputException(
          field(list, index, suffix), "size must be between 0 and " + maxCount);
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank()) {
        throw new InvalidInputException(
            field(list, index, suffix) + "[" + i + "]", "must not be blank");
      }
      if (v.length() > maxLength) {
        RequestLimits.size(field(list, index, suffix) + "[" + i + "]", v, maxLength);
      }
    }
  }

  private static void unit(String list, int index, String suffix, Double value) {
    if (value == null) {
      return;
    }
    if (!(value >= 0)) {
      throw new InvalidInputException(
          field(list, index, suffix), "must be greater than or equal to 0");
    }
    if (value > 1) {
      throw new InvalidInputException(
          field(list, index, suffix), "must be less than or equal to 1");
    }
  }
}
