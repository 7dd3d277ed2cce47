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
      throw new InvalidInputException(idField, "duplicate candidate id '" + item.id() + "'");
    }
    items.add(item);
    return this;
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
   * A candidate the caller describes; everything but the id may be null.
   *
   * @param path the candidate's path, e.g. {@code candidate_items[3]}; fields are named under it
   *     ("" when the item is the whole body, as in {@code POST /items})
   */
  public static Item described(
      String path,
      String id,
      String content,
      List<String> hashtags,
      List<String> mediaTypes,
      Double engagementRate,
      Double qualityScore,
      String authorId,
      Instant createdAt) {
    RequestLimits.id(field(path, "id"), id);
    RequestLimits.size(field(path, "content"), content, RequestLimits.MAX_CONTENT_LENGTH);
    RequestLimits.size(field(path, "author_id"), authorId, EventLimits.MAX_ID_LENGTH);
    RequestLimits.words(
        field(path, "hashtags"),
        hashtags,
        EventLimits.MAX_HASHTAGS,
        EventLimits.MAX_HASHTAG_LENGTH);
    RequestLimits.words(
        field(path, "media_types"),
        mediaTypes,
        RequestLimits.MAX_MEDIA_TYPES,
        RequestLimits.MAX_MEDIA_TYPE_LENGTH);
    unit(field(path, "engagement_rate"), engagementRate);
    unit(field(path, "quality_score"), qualityScore);
    return new Item(
        id, authorId, content, hashtags, mediaTypes, createdAt, engagementRate, qualityScore);
  }

  private static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static void unit(String field, Double value) {
    if (value == null) {
      return;
    }
    if (!(value >= 0)) {
      throw new InvalidInputException(field, "must be greater than or equal to 0");
    }
    if (value > 1) {
      throw new InvalidInputException(field, "must be less than or equal to 1");
    }
  }
}
