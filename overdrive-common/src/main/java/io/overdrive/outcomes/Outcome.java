package io.overdrive.outcomes;

import io.overdrive.domain.Interaction;

/**
 * What one event adds to the counters of the arm it is attributed to ({@link Attribution}): the
 * plain counts ({@link OutcomeField}'s first {@link OutcomeField#PLAIN}), of which the user's own
 * running totals in the arm keep {@link #USER_FIELDS}.
 *
 * <p>Engaged = a like, share, comment or long view; a long view is a {@code view} of at least
 * {@value #LONG_VIEW_DWELL_MS} ms or with a completion of at least {@value #LONG_VIEW_COMPLETION}.
 * An impression engaged two ways (liked and shared) counts twice: the rates are engagements per
 * impression. Dwell is every event's {@code dwell_ms}.
 *
 * @param counts indexed by {@link OutcomeField#ordinal()}, {@link OutcomeField#PLAIN} long
 */
public record Outcome(String armCode, long[] counts) {
  public static final long LONG_VIEW_DWELL_MS = 10_000;
  public static final double LONG_VIEW_COMPLETION = 0.8;

  /**
   * A user's running totals per arm, in this order: events, impressions, engaged, likes, dwell_ms.
   * The store keeps them per user to update {@link OutcomeField#USERS} and the sums of squares and
   * products.
   */
  public static final OutcomeField[] USER_FIELDS = {
    OutcomeField.EVENTS,
    OutcomeField.IMPRESSIONS,
    OutcomeField.ENGAGED,
    OutcomeField.LIKES,
    OutcomeField.DWELL_MS
  };

  /** The outcome of an event, or null when it names no arm. */
  public static Outcome of(Interaction e) {
    String arm = Attribution.armCode(e);
    return arm == null ? null : of(e, arm);
  }

  static Outcome of(Interaction e, String armCode) {
    long[] c = new long[OutcomeField.PLAIN];
    c[OutcomeField.EVENTS.ordinal()] = 1;
    OutcomeField kind =
        switch (e.type()) {
          case IMPRESSION -> OutcomeField.IMPRESSIONS;
          case LIKE -> OutcomeField.LIKES;
          case SHARE -> OutcomeField.SHARES;
          case COMMENT -> OutcomeField.COMMENTS;
          case VIEW -> longView(e) ? OutcomeField.LONG_VIEWS : null;
          case SKIP -> OutcomeField.SKIPS;
          case NOT_INTERESTED -> OutcomeField.NOT_INTERESTED;
          case REPORT -> OutcomeField.REPORTS;
          case FOLLOW_AUTHOR -> null;
        };
    if (kind != null) {
      c[kind.ordinal()] = 1;
      if (kind == OutcomeField.LIKES
          || kind == OutcomeField.SHARES
          || kind == OutcomeField.COMMENTS
          || kind == OutcomeField.LONG_VIEWS) {
        c[OutcomeField.ENGAGED.ordinal()] = 1;
      }
    }
    c[OutcomeField.DWELL_MS.ordinal()] = e.dwellMs();
    return new Outcome(armCode, c);
  }

  /** A served ranking's outcome: one ranking for its arm. */
  public static Outcome ranking(String armCode) {
    long[] c = new long[OutcomeField.PLAIN];
    c[OutcomeField.RANKINGS.ordinal()] = 1;
    return new Outcome(armCode, c);
  }

  public static boolean longView(Interaction e) {
    return e.type() == io.overdrive.domain.InteractionType.VIEW
        && (e.dwellMs() >= LONG_VIEW_DWELL_MS
            || (e.completion() != null && e.completion() >= LONG_VIEW_COMPLETION));
  }

  public long get(OutcomeField f) {
    return counts[f.ordinal()];
  }

  /** The user-total increments, in {@link #USER_FIELDS} order. */
  public long userIncrement(int i) {
    return counts[USER_FIELDS[i].ordinal()];
  }
}
