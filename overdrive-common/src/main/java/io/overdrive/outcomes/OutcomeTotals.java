package io.overdrive.outcomes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every arm's counters as a store holds them: all {@link OutcomeField}s (plain sums, users and the
 * sums of squares and products) and, where known, the arm's experiment and variant names (a served
 * ranking records them; an arm known only from ranking ids has none). What {@code GET /experiments}
 * and the offline report compute their figures from.
 */
public final class OutcomeTotals {
  /** One arm's counters. */
  public record ArmTotals(String armCode, Arm arm, double[] values) {
    public double get(OutcomeField f) {
      return values[f.ordinal()];
    }
  }

  private final Map<String, ArmTotals> byCode;

  public OutcomeTotals(Map<String, ArmTotals> byCode) {
    this.byCode = Collections.unmodifiableMap(new LinkedHashMap<>(byCode));
  }

  public Map<String, ArmTotals> arms() {
    return byCode;
  }

  /** The arm's totals; an arm without any counter yet is all zeros. */
  public ArmTotals arm(Arm arm) {
    ArmTotals t = byCode.get(arm.code());
    return t != null ? t : new ArmTotals(arm.code(), arm, new double[OutcomeField.values().length]);
  }

  /**
   * Reads the stored form: hash fields {@code <code>:<field>} (numbers) and {@code
   * <code>:experiment} / {@code <code>:variant} (names). Unknown fields are ignored.
   */
  public static OutcomeTotals parse(Map<String, String> fields) {
    Map<String, double[]> values = new LinkedHashMap<>();
    Map<String, String[]> names = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          int colon = k.indexOf(':');
          if (colon != Arm.CODE_LENGTH || !Arm.isCode(k, 0) || v == null) {
            return;
          }
          String code = k.substring(0, colon);
          String name = k.substring(colon + 1);
          if (name.equals("experiment") || name.equals("variant")) {
            names.computeIfAbsent(code, c -> new String[2])[name.equals("experiment") ? 0 : 1] = v;
            return;
          }
          OutcomeField f = OutcomeField.of(name);
          if (f == null) {
            return;
          }
          try {
            values
                    .computeIfAbsent(code, c -> new double[OutcomeField.values().length])[
                    f.ordinal()] +=
                Double.parseDouble(v);
          } catch (NumberFormatException ignored) {
            // not written by this code: leave it out
          }
        });
    Map<String, ArmTotals> out = new LinkedHashMap<>();
    values.forEach((code, v) -> out.put(code, new ArmTotals(code, arm(names.get(code)), v)));
    names.forEach(
        (code, n) ->
            out.computeIfAbsent(
                code, c -> new ArmTotals(c, arm(n), new double[OutcomeField.values().length])));
    return new OutcomeTotals(out);
  }

  /** Sums the counters of stores that each hold part of the arms' users (a Cluster's slots). */
  public static OutcomeTotals sum(Iterable<OutcomeTotals> parts) {
    Map<String, double[]> values = new LinkedHashMap<>();
    Map<String, Arm> names = new LinkedHashMap<>();
    for (OutcomeTotals p : parts) {
      p.byCode.forEach(
          (code, t) -> {
            double[] v =
                values.computeIfAbsent(code, c -> new double[OutcomeField.values().length]);
            for (int i = 0; i < v.length; i++) {
              v[i] += t.values()[i];
            }
            if (t.arm() != null) {
              names.putIfAbsent(code, t.arm());
            }
          });
    }
    Map<String, ArmTotals> out = new LinkedHashMap<>();
    values.forEach((code, v) -> out.put(code, new ArmTotals(code, names.get(code), v)));
    return new OutcomeTotals(out);
  }

  private static Arm arm(String[] names) {
    return names == null || names[0] == null || names[1] == null
        ? null
        : new Arm(names[0], names[1]);
  }
}
