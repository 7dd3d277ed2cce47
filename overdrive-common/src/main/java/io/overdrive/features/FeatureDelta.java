package io.overdrive.features;

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

  public FeatureDelta {
    userIncrements = Map.copyOf(userIncrements);
    itemIncrements = Map.copyOf(itemIncrements);
  }
}
