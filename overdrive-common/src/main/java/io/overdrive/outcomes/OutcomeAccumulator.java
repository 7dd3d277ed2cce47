package io.overdrive.outcomes;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome counters in memory: each user's running totals per arm ({@link Outcome#USER_FIELDS})
 * and each arm's {@link OutcomeField}s, the sums of squares and products updated from the change of
 * a user's totals exactly as the Redis script updates them ({@code apply_user.lua}). The standalone
 * store counts with it, and the offline report ({@link OutcomeReplay}) recounts an archive with it,
 * so both give the live figures' numbers. Thread-safe.
 */
public final class OutcomeAccumulator {
  private static final int FIELDS = OutcomeField.values().length;

  private final Map<String, Map<String, long[]>> users = new HashMap<>();
  private final Map<String, double[]> arms = new LinkedHashMap<>();
  private final Map<String, Arm> names = new HashMap<>();

  /** Counts one event's outcome for its user. */
  public synchronized void add(String userId, Outcome o) {
    double[] a = arms.computeIfAbsent(o.armCode(), k -> new double[FIELDS]);
    for (int f = 0; f < OutcomeField.PLAIN; f++) {
      a[f] += o.counts()[f];
    }
    long[] totals =
        users
            .computeIfAbsent(userId, k -> new HashMap<>())
            .computeIfAbsent(o.armCode(), k -> new long[Outcome.USER_FIELDS.length]);
    long[] before = totals.clone();
    for (int i = 0; i < totals.length; i++) {
      totals[i] += o.userIncrement(i);
    }
    addMoments(a, before, totals);
  }

  /**
   * Adds what a user's totals in an arm changing from {@code before} to {@code after} changes in
   * the arm's users and sums of squares and products (a telescoping sum: over all changes it is the
   * final totals' squares and products).
   */
  static void addMoments(double[] arm, long[] before, long[] after) {
    if (before[0] == 0 && after[0] > 0) {
      arm[OutcomeField.USERS.ordinal()] += 1;
    }
    double i0 = before[1];
    double i1 = after[1];
    arm[OutcomeField.II.ordinal()] += i1 * i1 - i0 * i0;
    moment(arm, OutcomeField.EE, OutcomeField.EI, before[2], after[2], i0, i1);
    moment(arm, OutcomeField.LL, OutcomeField.LI, before[3], after[3], i0, i1);
    moment(arm, OutcomeField.DD, OutcomeField.DI, before[4], after[4], i0, i1);
  }

  private static void moment(
      double[] arm,
      OutcomeField square,
      OutcomeField product,
      double y0,
      double y1,
      double i0,
      double i1) {
    arm[square.ordinal()] += y1 * y1 - y0 * y0;
    arm[product.ordinal()] += y1 * i1 - y0 * i0;
  }

  /** Counts one served ranking for its arm, whose names the ranking carries. */
  public synchronized void addRanking(Arm arm) {
    String code = arm.code();
    arms.computeIfAbsent(code, k -> new double[FIELDS])[OutcomeField.RANKINGS.ordinal()] += 1;
    names.putIfAbsent(code, arm);
  }

  /** Forgets a user's running totals (erasure); the arms keep what the user added. */
  public synchronized void forgetUser(String userId) {
    users.remove(userId);
  }

  public synchronized OutcomeTotals totals() {
    Map<String, OutcomeTotals.ArmTotals> out = new LinkedHashMap<>();
    arms.forEach(
        (code, v) -> out.put(code, new OutcomeTotals.ArmTotals(code, names.get(code), v.clone())));
    return new OutcomeTotals(out);
  }
}
