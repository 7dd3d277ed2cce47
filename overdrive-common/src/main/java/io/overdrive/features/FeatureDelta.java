package io.overdrive.features;

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
 */
public record FeatureDelta(
    String eventId,
    String userId,
    String itemId,
    Map<String, Double> userIncrements,
    Map<String, Double> itemIncrements,
    String sequenceItem,
    long eventTimeMillis) {

  /**
   * Takes the increment maps over read-only, without a copy: the caller hands over maps it does not
   * change afterwards ({@link InteractionUpdater} builds fresh ones per event; copying them was a
   * third of its cost per event).
   */
  public FeatureDelta {
    userIncrements = Collections.unmodifiableMap(userIncrements);
    itemIncrements = Collections.unmodifiableMap(itemIncrements);
  }
}
