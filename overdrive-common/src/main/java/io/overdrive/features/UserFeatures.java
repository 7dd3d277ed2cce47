package io.overdrive.features;

import io.overdrive.domain.InteractionType;
import io.overdrive.domain.UserProfile;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the ranker knows about a user at one instant, decoded from the store's raw fields.
 *
 * @param profile signup data, or {@link UserProfile#empty} for an unknown user
 * @param counts interactions by type (all time)
 * @param interestWeights learned interest weights, decayed to {@code asOf}; negative = aversion
 * @param authorAffinity learned author affinities, decayed to {@code asOf}
 * @param recentItems the last-N engaged item ids, most recent first
 * @param sessions number of sessions (gaps over the session timeout start a new one)
 * @param lastEventAt time of the newest event seen, or null
 */
public record UserFeatures(
    String userId,
    UserProfile profile,
    Map<InteractionType, Long> counts,
    Map<String, Double> interestWeights,
    Map<String, Double> authorAffinity,
    List<String> recentItems,
    long sessions,
    long dwellMsTotal,
    Instant lastEventAt,
    Instant asOf) {

  public static final String COUNT_PREFIX = "c:";
  public static final String INTEREST_PREFIX = "i:";
  public static final String AUTHOR_PREFIX = "a:";

  /**
   * The Redis store's field prefix of a user's running outcome totals per experiment arm ({@code
   * o:<arm code>}, a MessagePack array): bookkeeping of the outcome counters, not a feature.
   */
  public static final String OUTCOME_PREFIX = "o:";

  public static final String DWELL_MS = "dwell_ms";
  public static final String SESSIONS = "sessions";
  public static final String LAST_EVENT_MS = "last_event_ms";

  public UserFeatures {
    counts = Collections.unmodifiableMap(new EnumMap<>(counts.isEmpty() ? emptyCounts() : counts));
    interestWeights = Map.copyOf(interestWeights);
    authorAffinity = Map.copyOf(authorAffinity);
    recentItems = List.copyOf(recentItems);
  }

  public static UserFeatures unknown(String userId, Instant asOf) {
    return new UserFeatures(
        userId,
        UserProfile.empty(userId),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        0,
        0,
        null,
        asOf);
  }

  /**
   * Decodes the raw user hash of a store (field -> numeric string) plus the profile and sequence
   * the store read in the same round trip.
   */
  public static UserFeatures decode(
      String userId,
      UserProfile profile,
      Map<String, String> fields,
      List<String> recentItems,
      ForwardDecay interestDecay,
      Instant asOf) {
    Map<InteractionType, Long> counts = new EnumMap<>(InteractionType.class);
    Map<String, Double> interests = new HashMap<>();
    Map<String, Double> authors = new HashMap<>();
    long sessions = 0;
    long dwell = 0;
    Instant last = null;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(OUTCOME_PREFIX)) {
        continue;
      }
      double v = StoredNumbers.parse(e.getValue());
      if (k.startsWith(COUNT_PREFIX)) {
        try {
          counts.put(
              InteractionType.fromWireName(k.substring(COUNT_PREFIX.length())), Math.round(v));
        } catch (IllegalArgumentException ignored) {
          // a counter of a type this version does not know: written by a newer consumer
        }
      } else if (k.startsWith(INTEREST_PREFIX)) {
        interests.put(k.substring(INTEREST_PREFIX.length()), interestDecay.decode(v, asOf));
      } else if (k.startsWith(AUTHOR_PREFIX)) {
        authors.put(k.substring(AUTHOR_PREFIX.length()), interestDecay.decode(v, asOf));
      } else if (k.equals(SESSIONS)) {
        sessions = Math.round(v);
      } else if (k.equals(DWELL_MS)) {
        dwell = Math.round(v);
      } else if (k.equals(LAST_EVENT_MS) && v > 0) {
        last = Instant.ofEpochMilli(Math.round(v));
      }
    }
    return new UserFeatures(
        userId,
        profile == null ? UserProfile.empty(userId) : profile,
        counts,
        interests,
        authors,
        recentItems,
        sessions,
        dwell,
        last,
        asOf);
  }

  /** Interactions that carry intent (not impressions): the "how well do we know them" count. */
  public long meaningfulInteractions() {
    long n = 0;
    for (Map.Entry<InteractionType, Long> e : counts.entrySet()) {
      if (e.getKey() != InteractionType.IMPRESSION) {
        n += e.getValue();
      }
    }
    return n;
  }

  public long count(InteractionType type) {
    return counts.getOrDefault(type, 0L);
  }

  private static Map<InteractionType, Long> emptyCounts() {
    return new EnumMap<>(InteractionType.class);
  }
}
