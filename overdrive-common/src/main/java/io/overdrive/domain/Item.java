package io.overdrive.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A post that can be ranked. Everything but the id is optional: a caller may describe an item
 * fully, or only name it and let the catalogue fill in what it knows.
 *
 * @param engagementRate the caller's own engagement estimate (0..1), or null
 * @param qualityScore content quality (0..1) from the caller or a moderation model, or null
 */
public record Item(
    String id,
    String authorId,
    String text,
    List<String> hashtags,
    List<String> mediaTypes,
    Instant createdAt,
    Double engagementRate,
    Double qualityScore) {

  public Item {
    Objects.requireNonNull(id, "id");
    hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
    mediaTypes = mediaTypes == null ? List.of() : List.copyOf(mediaTypes);
  }

  public static Item withId(String id) {
    return new Item(id, null, null, List.of(), List.of(), null, null, null);
  }

  /** Fields this item lacks are taken from {@code known} (the catalogue's record of it). */
  public Item mergedWith(Item known) {
    if (known == null) {
      return this;
    }
    if (authorId == null
        && text == null
        && hashtags.isEmpty()
        && mediaTypes.isEmpty()
        && createdAt == null
        && engagementRate == null
        && qualityScore == null
        && id.equals(known.id)) {
      return known; // the usual gateway call names candidates by id only: no copy per request
    }
    if ((authorId != null || known.authorId == null)
        && (text != null || known.text == null)
        && (!hashtags.isEmpty() || known.hashtags.isEmpty())
        && (!mediaTypes.isEmpty() || known.mediaTypes.isEmpty())
        && (createdAt != null || known.createdAt == null)
        && (engagementRate != null || known.engagementRate == null)
        && (qualityScore != null || known.qualityScore == null)) {
      return this; // a fully described candidate takes nothing from the catalogue: no copy either
    }
    return new Item(
        id,
        authorId != null ? authorId : known.authorId,
        text != null ? text : known.text,
        hashtags.isEmpty() ? known.hashtags : hashtags,
        mediaTypes.isEmpty() ? known.mediaTypes : mediaTypes,
        createdAt != null ? createdAt : known.createdAt,
        engagementRate != null ? engagementRate : known.engagementRate,
        qualityScore != null ? qualityScore : known.qualityScore);
  }
}
