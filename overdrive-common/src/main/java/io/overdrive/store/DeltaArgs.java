package io.overdrive.store;

import io.overdrive.features.FeatureDelta;
import io.overdrive.outcomes.Outcome;
import io.overdrive.outcomes.OutcomeField;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a group's deltas become the learning scripts' arguments, in the order {@code apply_user.lua}
 * and {@code apply_item.lua} read them. Plain loops: this runs once per group and batch, where a
 * stream's setup was a visible cost.
 */
final class DeltaArgs {
  /** Fields of a group summed by linear search; beyond this many, by an index. */
  private static final int LINEAR_FIELDS = 16;

  private DeltaArgs() {}

  /**
   * Per user: n, event ids, event times, summed field increments, items to push, then the
   * increments of the user's running totals per experiment arm.
   */
  static void user(DeltaGroup g, ScriptArgs args) {
    List<FeatureDelta> ds = g.deltas;
    args.add(ds.size());
    for (FeatureDelta d : ds) {
      args.add(d.eventId());
    }
    for (FeatureDelta d : ds) {
      args.add(d.eventTimeMillis());
    }
    increments(ds, FeatureDelta::userIncrements, args);
    int pushed = 0;
    for (FeatureDelta d : ds) {
      pushed += d.sequenceItem() == null ? 0 : 1;
    }
    args.add(pushed);
    for (FeatureDelta d : ds) {
      if (d.sequenceItem() != null) {
        args.add(d.sequenceItem());
      }
    }
    userOutcomes(ds, args);
  }

  /**
   * na, then per arm: its code and the summed increments of the user's running totals ({@link
   * Outcome#USER_FIELDS}). A user's events nearly always count for one arm: the arms are found by a
   * linear search.
   */
  static void userOutcomes(List<FeatureDelta> ds, ScriptArgs args) {
    String[] codes = null;
    long[][] sums = null;
    int na = 0;
    for (FeatureDelta d : ds) {
      Outcome o = d.outcome();
      if (o == null) {
        continue;
      }
      if (codes == null) {
        codes = new String[2];
        sums = new long[2][];
      }
      int j = 0;
      while (j < na && !codes[j].equals(o.armCode())) {
        j++;
      }
      if (j == na) {
        if (na == codes.length) {
          codes = Arrays.copyOf(codes, 2 * na);
          sums = Arrays.copyOf(sums, 2 * na);
        }
        codes[na] = o.armCode();
        sums[na++] = new long[Outcome.USER_FIELDS.length];
      }
      for (int f = 0; f < Outcome.USER_FIELDS.length; f++) {
        sums[j][f] += o.userIncrement(f);
      }
    }
    args.add(na);
    for (int j = 0; j < na; j++) {
      args.add(codes[j]);
      for (long v : sums[j]) {
        args.add(v);
      }
    }
  }

  /** narms, then per arm: its code and the {@link OutcomeField#PLAIN} sums. */
  static void armSums(Map<String, long[]> byArm, ScriptArgs args) {
    args.add(byArm.size());
    byArm.forEach(
        (code, sums) -> {
          args.add(code);
          for (long v : sums) {
            args.add(v);
          }
        });
  }

  /** Per item: n, event ids, summed field increments. */
  static void item(DeltaGroup g, ScriptArgs args) {
    args.add(g.deltas.size());
    for (FeatureDelta d : g.deltas) {
      args.add(d.eventId());
    }
    increments(g.deltas, FeatureDelta::itemIncrements, args);
  }

  /**
   * nf, then (field, increment) x nf: one side's increments of {@code ds}, summed per field in the
   * order fields first appear. An item's events share a dozen fields at most, so the sums live in
   * two arrays searched linearly — cheaper than a map of boxed doubles, which showed in the
   * consumer's profile once an item's events were gathered into one call ({@code
   * RedisDeltaWriter.byItem}). A heavy user's group can name hundreds of interests and authors:
   * past {@link #LINEAR_FIELDS} fields an index finds them instead.
   */
  static void increments(
      List<FeatureDelta> ds, Function<FeatureDelta, Map<String, Double>> side, ScriptArgs args) {
    if (ds.size() == 1) { // most groups hold one event: nothing to sum
      Map<String, Double> only = side.apply(ds.get(0));
      args.add(only.size());
      only.forEach(
          (field, v) -> {
            args.add(field);
            args.add((double) v);
          });
      return;
    }
    String[] fields = new String[LINEAR_FIELDS];
    double[] sums = new double[LINEAR_FIELDS];
    Map<String, Integer> index = null; // built once there are more than LINEAR_FIELDS fields
    int nf = 0;
    for (FeatureDelta d : ds) {
      for (Map.Entry<String, Double> e : side.apply(d).entrySet()) {
        String field = e.getKey();
        int f;
        if (index == null) {
          f = 0;
          while (f < nf && !fields[f].equals(field)) {
            f++;
          }
        } else {
          f = index.getOrDefault(field, nf);
        }
        if (f < nf) {
          sums[f] += e.getValue();
          continue;
        }
        if (nf == fields.length) {
          fields = Arrays.copyOf(fields, 2 * nf);
          sums = Arrays.copyOf(sums, 2 * nf);
          if (index == null) {
            index = new HashMap<>();
            for (int i = 0; i < nf; i++) {
              index.put(fields[i], i);
            }
          }
        }
        if (index != null) {
          index.put(field, nf);
        }
        fields[nf] = field;
        sums[nf++] = e.getValue();
      }
    }
    args.add(nf);
    for (int f = 0; f < nf; f++) {
      args.add(fields[f]);
      args.add(sums[f]);
    }
  }
}
