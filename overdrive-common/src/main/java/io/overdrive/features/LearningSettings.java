package io.overdrive.features;

import io.overdrive.domain.InteractionType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How interactions turn into learned weights. Defaults follow the usual ordering of intent in
 * short-video feeds: share > comment > like > long view > short view, and report > not-interested >
 * skip on the negative side.
 *
 * @param interestWeights weight added to each of the item's interests per interaction type (views
 *     are scaled by dwell and completion)
 * @param authorWeights weight added to the author affinity per interaction type
 * @param parentShare share of an interest's weight its taxonomy parents receive
 * @param halfLife half-life of learned interest and author weights
 * @param fullDwell dwell at which a view counts fully
 * @param bounceDwell a view shorter than this is a mild negative signal
 * @param sessionTimeout an event after this gap starts a new session
 * @param sequenceLength how many of a user's most recent engaged items the store keeps (the user's
 *     recent-item sequence): For You never serves any of them again, and the models read the newest
 *     of them (the two-tower its last 50 distinct, the sequence model its own length), so it is far
 *     longer than any model's input: 50 let a user who had engaged with more items meet the older
 *     ones again
 */
public record LearningSettings(
    Map<InteractionType, Double> interestWeights,
    Map<InteractionType, Double> authorWeights,
    double parentShare,
    Duration halfLife,
    Duration fullDwell,
    Duration bounceDwell,
    Duration sessionTimeout,
    int sequenceLength) {

  public LearningSettings {
    interestWeights = Map.copyOf(interestWeights);
    authorWeights = Map.copyOf(authorWeights);
    if (sequenceLength < 1) {
      throw new IllegalArgumentException("sequenceLength must be >= 1");
    }
  }

  /** The engaged items kept per user (For You's "already seen"), most recent first. */
  public static final int SEQUENCE_LENGTH = 1000;

  public static LearningSettings defaults() {
    Map<InteractionType, Double> interest = new EnumMap<>(InteractionType.class);
    interest.put(InteractionType.IMPRESSION, 0.0);
    interest.put(InteractionType.VIEW, 0.6);
    interest.put(InteractionType.LIKE, 1.0);
    interest.put(InteractionType.COMMENT, 1.2);
    interest.put(InteractionType.SHARE, 1.5);
    interest.put(InteractionType.FOLLOW_AUTHOR, 0.8);
    interest.put(InteractionType.SKIP, -0.15);
    interest.put(InteractionType.NOT_INTERESTED, -1.5);
    interest.put(InteractionType.REPORT, -3.0);
    Map<InteractionType, Double> author = new EnumMap<>(InteractionType.class);
    author.put(InteractionType.IMPRESSION, 0.0);
    author.put(InteractionType.VIEW, 0.1);
    author.put(InteractionType.LIKE, 0.5);
    author.put(InteractionType.COMMENT, 0.6);
    author.put(InteractionType.SHARE, 0.7);
    author.put(InteractionType.FOLLOW_AUTHOR, 3.0);
    author.put(InteractionType.SKIP, -0.2);
    author.put(InteractionType.NOT_INTERESTED, -1.0);
    author.put(InteractionType.REPORT, -3.0);
    return new LearningSettings(
        interest,
        author,
        0.5,
        Duration.ofDays(14),
        Duration.ofSeconds(20),
        Duration.ofMillis(1500),
        Duration.ofMinutes(30),
        SEQUENCE_LENGTH);
  }

  public ForwardDecay decay() {
    return new ForwardDecay(halfLife);
  }
}
