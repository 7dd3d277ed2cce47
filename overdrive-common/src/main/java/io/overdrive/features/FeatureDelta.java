package io.overdrive.features;

import io.overdrive.outcomes.Outcome;
import java.util.Collections;
import java.util.Map;

/**
 * The feature changes one interaction causes, as primitive operations every store adapter applies
 * atomically: hash-field increments for the user and the item, a push onto the user's recent-item
 * sequence, and a session touch. All learning logic lives in {@link InteractionUpdater}; adapters
 * only apply deltas, so the in-memory and the Redis store cannot disagree.
 *
 * <p>Field names: {@code c:<type>} counters, {@code i:<interest>} forward-decayed interest weight,
 * {@code a:<author>} forward-decayed author affinity, plus the plain fields of {@link UserFeatures}
 * and {@link io.overdrive.domain.ItemStats}.
 *
 * @param sequenceItem item id to append to the user's last-N sequence, or null
 * @param eventTimeMillis event time, for the session statistics
 * @param outcome what the event adds to the counters of the experiment arm it is attributed to
 *     ({@link io.overdrive.outcomes.Attribution}), or null; applied atomically with the rest, so a
 *     redelivered event counts once there too
 */
public record FeatureDelta(
    String eventId,
    String userId,
    String itemId,
    Map<String, Double> userIncrements,
    Map<String, Double> itemIncrements,
    String sequenceItem,
    long eventTimeMillis,
    Outcome outcome) {

  /**
   * Takes the increment maps over read-only, without a copy: the caller hands over maps it does not
   * change afterwards ({@link InteractionUpdater} builds fresh ones per event; copying them was a
   * third of its cost per event).
   */
  public FeatureDelta {
    userIncrements = Collections.unmodifiableMap(userIncrements);
    itemIncrements = Collections.unmodifiableMap(itemIncrements);
  }

  /** A delta that counts for no experiment arm. */
  public FeatureDelta(
      String eventId,
      String userId,
      String itemId,
      Map<String, Double> userIncrements,
      Map<String, Double> itemIncrements,
      String sequenceItem,
      long eventTimeMillis) {
    this(
        eventId,
        userId,
        itemId,
        userIncrements,
        itemIncrements,
        sequenceItem,
        eventTimeMillis,
        null);
  }
}
