package io.overdrive.outcomes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.overdrive.experiments.Experiment;
import io.overdrive.outcomes.OutcomeTotals.ArmTotals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The figures of one experiment per arm, as {@code GET /experiments/{name}} and the offline report
 * give them: rankings, users, impressions, engagement counts, and three rates per impression —
 * engagement rate, like rate, mean dwell — each with a 95% confidence interval, plus each arm's
 * relative lift against the control with a verdict.
 *
 * <p>The intervals are clustered by user: one user's impressions are not independent (a user who
 * likes much, likes much in every ranking), so each rate is a ratio of per-user sums, {@code R =
 * Σy_u / Σx_u}, and its variance is the delta method's (linearisation) over users: {@code Var(R) ≈
 * Σ(y_u − R·x_u)² / (Σx_u)² · n/(n−1)}, computed from the users' sums of squares and products
 * ({@link OutcomeField}). The lift's interval is the delta method on {@code log(R_arm / R_control)}
 * with independent arms, which is conservative when users appear in both (a gateway toggling
 * Overdrive per request). A verdict needs {@value #MIN_USERS} users in both arms; then the lift is
 * "better" or "worse" when its interval excludes 0, else "not yet distinguishable".
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentReport(
    String experiment, boolean running, String control, List<VariantReport> variants) {

  /** Fewer users than this in an arm or its control: no verdict (the intervals are asymptotic). */
  public static final int MIN_USERS = 30;

  static final double Z95 = 1.959963984540054;

  public static final String BETTER = "better";
  public static final String WORSE = "worse";
  public static final String UNDECIDED = "not yet distinguishable";
  public static final String CONTROL = "control";

  /** A rate with its 95% interval (null bounds: fewer than two users). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Estimate(double value, Double ciLow, Double ciHigh) {}

  /** An arm's relative difference to the control ({@code 0.1} = 10% higher) with its interval. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Lift(Double relative, Double ciLow, Double ciHigh, String verdict) {}

  /** One arm's figures. {@code lift} is null for the control itself. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record VariantReport(
      String variant,
      String armCode,
      Double traffic,
      long rankings,
      long users,
      long impressions,
      long engaged,
      long likes,
      long shares,
      long comments,
      long longViews,
      long skips,
      long notInterested,
      long reports,
      Estimate engagementRate,
      Estimate likeRate,
      Estimate meanDwellSeconds,
      Map<String, Lift> lift,
      String verdict) {}

  /** The rates reported, by their JSON names. */
  enum Rate {
    ENGAGEMENT_RATE("engagement_rate", OutcomeField.ENGAGED, OutcomeField.EE, OutcomeField.EI, 1),
    LIKE_RATE("like_rate", OutcomeField.LIKES, OutcomeField.LL, OutcomeField.LI, 1),
    MEAN_DWELL_SECONDS(
        "mean_dwell_seconds", OutcomeField.DWELL_MS, OutcomeField.DD, OutcomeField.DI, 1e-3);

    final String json;
    final OutcomeField sum;
    final OutcomeField squares;
    final OutcomeField products;
    final double scale;

    Rate(String json, OutcomeField sum, OutcomeField squares, OutcomeField products, double scale) {
      this.json = json;
      this.sum = sum;
      this.squares = squares;
      this.products = products;
      this.scale = scale;
    }
  }

  /**
   * Every experiment the totals know of: the running one first (all its variants, and {@code
   * overdrive_off}, even before they served anything), then the others whose arms' names a served
   * ranking recorded, by name.
   */
  public static List<ExperimentReport> all(Experiment running, OutcomeTotals totals) {
    List<ExperimentReport> out = new ArrayList<>();
    out.add(of(running, totals));
    Map<String, List<Arm>> others = new TreeMap<>();
    for (ArmTotals t : totals.arms().values()) {
      if (t.arm() != null && !t.arm().experiment().equals(running.name())) {
        others.computeIfAbsent(t.arm().experiment(), k -> new ArrayList<>()).add(t.arm());
      }
    }
    others.forEach((name, arms) -> out.add(of(name, arms, Map.of(), false, totals)));
    return out;
  }

  /** The running experiment's report: its variants in file order, then overdrive_off. */
  public static ExperimentReport of(Experiment running, OutcomeTotals totals) {
    List<Arm> arms = new ArrayList<>();
    Map<String, Double> traffic = new LinkedHashMap<>();
    for (Experiment.Variant v : running.variants()) {
      arms.add(new Arm(running.name(), v.name()));
      traffic.put(v.name(), v.traffic());
    }
    arms.add(new Arm(running.name(), Arm.OVERDRIVE_OFF));
    return of(running.name(), arms, traffic, true, totals);
  }

  /**
   * The report of the named arms. The control is the variant named "control", else the first
   * variant in order that is not overdrive_off.
   */
  public static ExperimentReport of(
      String experiment,
      List<Arm> arms,
      Map<String, Double> traffic,
      boolean running,
      OutcomeTotals totals) {
    List<Arm> ordered = new ArrayList<>(arms);
    if (!running) {
      ordered.sort(
          Comparator.comparing((Arm a) -> a.variant().equals(Arm.OVERDRIVE_OFF))
              .thenComparing(Arm::variant));
    }
    Arm control =
        ordered.stream()
            .filter(a -> a.variant().equals(CONTROL))
            .findFirst()
            .orElse(
                ordered.stream()
                    .filter(a -> !a.variant().equals(Arm.OVERDRIVE_OFF))
                    .findFirst()
                    .orElse(ordered.get(0)));
    ArmTotals c = totals.arm(control);
    List<VariantReport> variants = new ArrayList<>();
    for (Arm a : ordered) {
      variants.add(variant(a, totals.arm(a), a.equals(control) ? null : c, traffic));
    }
    return new ExperimentReport(experiment, running, control.variant(), variants);
  }

  private static VariantReport variant(
      Arm arm, ArmTotals t, ArmTotals control, Map<String, Double> traffic) {
    Map<String, Lift> lift = null;
    String verdict = CONTROL;
    if (control != null) {
      lift = new LinkedHashMap<>();
      for (Rate r : Rate.values()) {
        lift.put(r.json, lift(t, control, r));
      }
      verdict = lift.get(Rate.ENGAGEMENT_RATE.json).verdict();
    }
    return new VariantReport(
        arm.variant(),
        arm.code(),
        traffic.get(arm.variant()),
        count(t, OutcomeField.RANKINGS),
        count(t, OutcomeField.USERS),
        count(t, OutcomeField.IMPRESSIONS),
        count(t, OutcomeField.ENGAGED),
        count(t, OutcomeField.LIKES),
        count(t, OutcomeField.SHARES),
        count(t, OutcomeField.COMMENTS),
        count(t, OutcomeField.LONG_VIEWS),
        count(t, OutcomeField.SKIPS),
        count(t, OutcomeField.NOT_INTERESTED),
        count(t, OutcomeField.REPORTS),
        estimate(t, Rate.ENGAGEMENT_RATE),
        estimate(t, Rate.LIKE_RATE),
        estimate(t, Rate.MEAN_DWELL_SECONDS),
        lift,
        verdict);
  }

  private static long count(ArmTotals t, OutcomeField f) {
    return Math.round(t.get(f));
  }

  /** A ratio estimate and its clustered variance; null when the arm has no impressions. */
  record Ratio(double value, double variance, double users) {}

  static Ratio ratio(ArmTotals t, Rate r) {
    double x = t.get(OutcomeField.IMPRESSIONS);
    if (x <= 0) {
      return null;
    }
    double n = t.get(OutcomeField.USERS);
    double y = t.get(r.sum);
    double value = y / x;
    if (n < 2) {
      return new Ratio(value, Double.NaN, n);
    }
    // Σ(y_u - R x_u)² = Σy² - 2R Σxy + R² Σx²; never negative but for rounding
    double residual =
        t.get(r.squares) - 2 * value * t.get(r.products) + value * value * t.get(OutcomeField.II);
    double variance = Math.max(0, residual) / (x * x) * n / (n - 1);
    return new Ratio(value, variance, n);
  }

  static Estimate estimate(ArmTotals t, Rate r) {
    Ratio q = ratio(t, r);
    if (q == null) {
      return null;
    }
    double v = q.value() * r.scale;
    if (Double.isNaN(q.variance())) {
      return new Estimate(round(v), null, null);
    }
    double half = Z95 * Math.sqrt(q.variance()) * r.scale;
    return new Estimate(round(v), round(Math.max(0, v - half)), round(v + half));
  }

  static Lift lift(ArmTotals arm, ArmTotals control, Rate r) {
    Ratio a = ratio(arm, r);
    Ratio c = ratio(control, r);
    if (a == null || c == null || a.value() <= 0 || c.value() <= 0) {
      return new Lift(null, null, null, UNDECIDED);
    }
    double logRatio = Math.log(a.value() / c.value());
    double relative = Math.exp(logRatio) - 1;
    if (Double.isNaN(a.variance()) || Double.isNaN(c.variance())) {
      return new Lift(round(relative), null, null, UNDECIDED);
    }
    double se =
        Math.sqrt(a.variance() / (a.value() * a.value()) + c.variance() / (c.value() * c.value()));
    double low = Math.exp(logRatio - Z95 * se) - 1;
    double high = Math.exp(logRatio + Z95 * se) - 1;
    String verdict = UNDECIDED;
    if (a.users() >= MIN_USERS && c.users() >= MIN_USERS) {
      verdict = low > 0 ? BETTER : high < 0 ? WORSE : UNDECIDED;
    }
    return new Lift(round(relative), round(low), round(high), verdict);
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** The variant of this name, or null. */
  public VariantReport variant(String name) {
    return variants.stream().filter(v -> v.variant().equals(name)).findFirst().orElse(null);
  }
}
