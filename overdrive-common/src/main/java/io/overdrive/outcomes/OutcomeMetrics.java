package io.overdrive.outcomes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcome counters as Prometheus counters, by experiment and variant, counting what this
 * process applied (redeliveries left out; {@code sum by (experiment, variant)} over replicas is the
 * total):
 *
 * <ul>
 *   <li>{@code overdrive_experiment_rankings_total}: served rankings counted
 *   <li>{@code overdrive_experiment_events_total}: events attributed to the arm
 *   <li>{@code overdrive_experiment_impressions_total}
 *   <li>{@code overdrive_experiment_engagements_total{type}}: like, share, comment, long_view
 *   <li>{@code overdrive_experiment_rejections_total{type}}: skip, not_interested, report
 *   <li>{@code overdrive_experiment_dwell_seconds_total}
 * </ul>
 *
 * An arm known only by its code (no ranking of it seen yet) is labelled experiment "unknown" and
 * variant = the code until its names are learned; then what was counted under the code moves to the
 * named counters and the "unknown" series are removed, so {@code sum by (experiment, variant)} is
 * exact however the events' and the rankings' listeners interleave.
 */
public final class OutcomeMetrics {
  private final MeterRegistry registry;
  private final Map<String, Arm> names = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

  public OutcomeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Learns an arm's names, so its counters carry them (with what was counted before). */
  public void learn(Arm arm) {
    if (names.putIfAbsent(arm.code(), arm) == null) {
      counters.computeIfPresent(arm.code(), (code, unnamed) -> rename(code, unnamed));
    }
  }

  /** Named counters holding what the counters under the code alone counted; those are removed. */
  private Counter[] rename(String code, Counter[] unnamed) {
    Counter[] named = register(code);
    for (int f = 0; f < unnamed.length; f++) {
      if (unnamed[f] != null) {
        named[f].increment(unnamed[f].count());
        registry.remove(unnamed[f]);
      }
    }
    return named;
  }

  public boolean knows(String armCode) {
    return names.containsKey(armCode);
  }

  /** Adds what a store applied. */
  public void record(ArmCounts applied) {
    for (String code : applied.arms()) {
      // incremented inside compute: a rename of the arm's counters cannot run in between
      counters.compute(
          code,
          (k, c) -> {
            Counter[] counting = c == null ? register(k) : c;
            for (int f = 0; f < OutcomeField.PLAIN; f++) {
              long v = applied.get(k, OutcomeField.at(f));
              if (v != 0 && counting[f] != null) {
                counting[f].increment(f == OutcomeField.DWELL_MS.ordinal() ? v / 1000.0 : v);
              }
            }
            return counting;
          });
    }
  }

  private Counter[] register(String code) {
    Arm arm = names.get(code);
    String experiment = arm == null ? "unknown" : arm.experiment();
    String variant = arm == null ? code : arm.variant();
    Counter[] c = new Counter[OutcomeField.PLAIN];
    c[OutcomeField.RANKINGS.ordinal()] =
        counter("rankings", null, experiment, variant, "served rankings counted");
    c[OutcomeField.EVENTS.ordinal()] =
        counter("events", null, experiment, variant, "events attributed to the arm");
    c[OutcomeField.IMPRESSIONS.ordinal()] =
        counter("impressions", null, experiment, variant, "impressions");
    c[OutcomeField.LIKES.ordinal()] = engagement("like", experiment, variant);
    c[OutcomeField.SHARES.ordinal()] = engagement("share", experiment, variant);
    c[OutcomeField.COMMENTS.ordinal()] = engagement("comment", experiment, variant);
    c[OutcomeField.LONG_VIEWS.ordinal()] = engagement("long_view", experiment, variant);
    c[OutcomeField.SKIPS.ordinal()] = rejection("skip", experiment, variant);
    c[OutcomeField.NOT_INTERESTED.ordinal()] = rejection("not_interested", experiment, variant);
    c[OutcomeField.REPORTS.ordinal()] = rejection("report", experiment, variant);
    c[OutcomeField.DWELL_MS.ordinal()] =
        counter("dwell.seconds", null, experiment, variant, "dwell time");
    return c;
  }

  private Counter engagement(String type, String experiment, String variant) {
    return counter(
        "engagements", type, experiment, variant, "like, share, comment and long-view events");
  }

  private Counter rejection(String type, String experiment, String variant) {
    return counter(
        "rejections", type, experiment, variant, "skip, not-interested and report events");
  }

  private Counter counter(
      String name, String type, String experiment, String variant, String description) {
    Counter.Builder b =
        Counter.builder("overdrive.experiment." + name)
            .description(description)
            .tag("experiment", experiment)
            .tag("variant", variant);
    if (type != null) {
      b.tag("type", type);
    }
    return b.register(registry);
  }
}
