package io.overdrive.outcomes;

/**
 * The counters kept per arm, by their stored names. The first {@link #PLAIN} fields are sums of
 * what events and rankings add (summed in Java, applied by the store); the rest are computed by the
 * store from each user's running totals in the arm ({@link Outcome#USER_FIELDS}): the users, and
 * the sums of squares and products of their totals that the clustered confidence intervals need
 * (docs/decisions/0204-served-ranking-log.md).
 */
public enum OutcomeField {
  RANKINGS("rankings"),
  EVENTS("events"),
  IMPRESSIONS("impressions"),
  ENGAGED("engaged"),
  LIKES("likes"),
  SHARES("shares"),
  COMMENTS("comments"),
  LONG_VIEWS("long_views"),
  SKIPS("skips"),
  NOT_INTERESTED("not_interested"),
  REPORTS("reports"),
  DWELL_MS("dwell_ms"),
  /** Users with at least one event in the arm (the clusters). */
  USERS("users"),
  /** Σ over users of impressions². */
  II("ii"),
  /** Σ engaged². */
  EE("ee"),
  /** Σ likes². */
  LL("ll"),
  /** Σ dwell_ms². */
  DD("dd"),
  /** Σ engaged × impressions. */
  EI("ei"),
  /** Σ likes × impressions. */
  LI("li"),
  /** Σ dwell_ms × impressions. */
  DI("di");

  /** How many fields are plain sums (the first ones). */
  public static final int PLAIN = 12;

  private static final OutcomeField[] ALL = values();

  private final String wireName;

  OutcomeField(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean plain() {
    return ordinal() < PLAIN;
  }

  /** The field of a stored name, or null. */
  public static OutcomeField of(String wireName) {
    for (OutcomeField f : ALL) {
      if (f.wireName.equals(wireName)) {
        return f;
      }
    }
    return null;
  }

  static OutcomeField at(int ordinal) {
    return ALL[ordinal];
  }
}
