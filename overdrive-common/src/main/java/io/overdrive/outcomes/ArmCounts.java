package io.overdrive.outcomes;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Plain outcome counts per arm code ({@link OutcomeField}'s first {@link OutcomeField#PLAIN}
 * fields): what a batch added, or what a store applied of it (redeliveries left out). Immutable;
 * {@link Builder} sums.
 */
public final class ArmCounts {
  public static final ArmCounts NONE = new ArmCounts(Map.of());

  private final Map<String, long[]> byArm;

  private ArmCounts(Map<String, long[]> byArm) {
    this.byArm = byArm;
  }

  public Set<String> arms() {
    return Collections.unmodifiableSet(byArm.keySet());
  }

  public boolean isEmpty() {
    return byArm.isEmpty();
  }

  public long get(String armCode, OutcomeField f) {
    long[] c = byArm.get(armCode);
    return c == null ? 0 : c[f.ordinal()];
  }

  public ArmCounts plus(ArmCounts o) {
    if (o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    Builder b = new Builder();
    byArm.forEach(b::add);
    o.byArm.forEach(b::add);
    return b.build();
  }

  /** Sums outcomes per arm. */
  public static final class Builder {
    private final Map<String, long[]> byArm = new LinkedHashMap<>();

    public Builder add(Outcome o) {
      if (o != null) {
        add(o.armCode(), o.counts());
      }
      return this;
    }

    public Builder add(String armCode, long[] counts) {
      long[] sum = byArm.computeIfAbsent(armCode, k -> new long[OutcomeField.PLAIN]);
      for (int i = 0; i < OutcomeField.PLAIN; i++) {
        sum[i] += counts[i];
      }
      return this;
    }

    /** The summed counts of each arm, in the order arms were first added (live, not copied). */
    public Map<String, long[]> sums() {
      return byArm;
    }

    public ArmCounts build() {
      return byArm.isEmpty() ? NONE : new ArmCounts(new LinkedHashMap<>(byArm));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArmCounts other) || !byArm.keySet().equals(other.byArm.keySet())) {
      return false;
    }
    for (Map.Entry<String, long[]> e : byArm.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.byArm.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, long[]> e : byArm.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ArmCounts{");
    byArm.forEach((k, v) -> s.append(k).append('=').append(Arrays.toString(v)).append(' '));
    return s.append('}').toString();
  }
}
