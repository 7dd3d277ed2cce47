package io.overdrive.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One interaction event, the unit everything learns from.
 *
 * @param eventId client-chosen id; a redelivered event with the same id is applied once
 * @param authorId the item's author, or null when unknown (filled from the catalogue)
 * @param dwellMs time spent on the item, 0 when not measured
 * @param completion fraction of the item consumed (0..1), or null when unknown
 * @param position 0-based feed position the item was shown at, or null
 * @param hashtags the item's hashtags where the client has them (may be empty)
 * @param rankingId the served ranking the item was shown in ({@code ranking_id} of a For You
 *     answer), or null; the event then counts for the arm that served it
 * @param experiment the experiment of {@code experimentVariant}, or null
 */
public record Interaction(
    String eventId,
    String userId,
    String itemId,
    String authorId,
    InteractionType type,
    long dwellMs,
    Double completion,
    Integer position,
    String surface,
    String experimentVariant,
    Instant timestamp,
    List<String> hashtags,
    String rankingId,
    String experiment) {

  public Interaction {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
  }

  /** An event that names no ranking and no experiment. */
  public Interaction(
      String eventId,
      String userId,
      String itemId,
      String authorId,
      InteractionType type,
      long dwellMs,
      Double completion,
      Integer position,
      String surface,
      String experimentVariant,
      Instant timestamp,
      List<String> hashtags) {
    this(
        eventId,
        userId,
        itemId,
        authorId,
        type,
        dwellMs,
        completion,
        position,
        surface,
        experimentVariant,
        timestamp,
        hashtags,
        null,
        null);
  }

  /** A minimal event, for tests and the synthetic generator. */
  public static Interaction of(
      String eventId, String userId, String itemId, InteractionType type, Instant timestamp) {
    return new Interaction(
        eventId, userId, itemId, null, type, 0, null, null, null, null, timestamp, List.of());
  }

  public Interaction withItemContext(String authorId, List<String> hashtags) {
    return new Interaction(
        eventId,
        userId,
        itemId,
        this.authorId != null ? this.authorId : authorId,
        type,
        dwellMs,
        completion,
        position,
        surface,
        experimentVariant,
        timestamp,
        this.hashtags.isEmpty() && hashtags != null ? hashtags : this.hashtags,
        rankingId,
        experiment);
  }

  /** This event naming the served ranking it was shown in. */
  public Interaction withRankingId(String id) {
    return new Interaction(
        eventId,
        userId,
        itemId,
        authorId,
        type,
        dwellMs,
        completion,
        position,
        surface,
        experimentVariant,
        timestamp,
        hashtags,
        id,
        experiment);
  }

  /** This event tagged with the experiment variant that ranked its feed (kept when already set). */
  public Interaction withExperimentVariant(String variant) {
    return withExperiment(null, variant);
  }

  /**
   * This event tagged with the experiment and variant that ranked its feed; a tag the event already
   * carries is kept.
   */
  public Interaction withExperiment(String experimentName, String variant) {
    String e = experiment != null ? experiment : experimentName;
    String v = experimentVariant != null ? experimentVariant : variant;
    if (Objects.equals(e, experiment) && Objects.equals(v, experimentVariant)) {
      return this;
    }
    return new Interaction(
        eventId,
        userId,
        itemId,
        authorId,
        type,
        dwellMs,
        completion,
        position,
        surface,
        v,
        timestamp,
        hashtags,
        rankingId,
        e);
  }
}
