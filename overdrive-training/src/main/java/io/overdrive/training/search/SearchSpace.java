package io.overdrive.training.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the settings search may try for one model: a starting configuration (the rule's choice from
 * the data's shape) and dimensions, each a list of alternatives in order of prior belief, the first
 * being the rule's own. A dimension with one value (fixed by a flag, or one that cannot matter on
 * this data) is not searched.
 *
 * <p>Candidates are the start, then each single change in order of the dimensions (most likely to
 * matter first), then pairs of changes: a budget that affords n candidates tries the n most
 * plausible.
 *
 * @param <C> the model's configuration type
 */
public final class SearchSpace<C> {
  /** One alternative of a dimension: how it is shown and what it changes. */
  public record Value<C>(String label, UnaryOperator<C> apply) {}

  /**
   * A setting the search may vary; {@code values.get(0)} is the rule's choice.
   *
   * @param keepsShapes its values change no parameter's shape (dropout, a loss's negatives, the
   *     learning rate; not the width or the maximum length), so a candidate that differs from the
   *     rule only here can carry on from the rule's parameters (the search's forks)
   * @param cheaper its alternatives cost clearly less per epoch than the rule's value (sampled
   *     negatives against a full softmax over a large catalogue): when the rule is too slow for any
   *     search, the search measures the first of them and counts its turns in its own epochs
   */
  public record Dimension<C>(
      String name, List<Value<C>> values, boolean keepsShapes, boolean cheaper) {
    public Dimension {
      if (values.isEmpty()) {
        throw new IllegalArgumentException(name + ": no values");
      }
      values = List.copyOf(values);
    }

    /** A dimension whose alternatives cost about what the rule's value costs per epoch. */
    public Dimension(String name, List<Value<C>> values, boolean keepsShapes) {
      this(name, values, keepsShapes, false);
    }

    /** A dimension whose values change the parameters' shapes (no forks). */
    public Dimension(String name, List<Value<C>> values) {
      this(name, values, false);
    }

    public boolean searched() {
      return values.size() > 1;
    }
  }

  /** A configuration to try; {@code label} says how it differs from the start. */
  public record Candidate<C>(String label, C config) {}

  public static final String START = "rule";

  /** Sets a configuration's learning rate and warm-up steps. */
  public interface ScheduleSetter<C> {
    C apply(C config, float learningRate, int warmupSteps);
  }

  /**
   * The learning-rate dimension: the rule's rate without warm-up, or a higher rate with a linear
   * warm-up (which a higher rate needs to start stably); a fixed rate or warm-up leaves the other
   * to vary, both fixed leave one value.
   */
  public static <C> List<Value<C>> schedules(
      FixedSettings fixed, float rate, float highRate, int warmup, ScheduleSetter<C> set) {
    Float fixedRate = fixed.learningRate();
    Integer fixedWarmup = fixed.warmupSteps();
    List<float[]> pairs = new ArrayList<>();
    if (fixedRate != null && fixedWarmup != null) {
      pairs.add(new float[] {fixedRate, fixedWarmup});
    } else if (fixedRate != null) {
      pairs.add(new float[] {fixedRate, 0});
      pairs.add(new float[] {fixedRate, warmup});
    } else if (fixedWarmup != null) {
      pairs.add(new float[] {rate, fixedWarmup});
      pairs.add(new float[] {highRate, fixedWarmup});
    } else {
      pairs.add(new float[] {rate, 0});
      pairs.add(new float[] {highRate, warmup});
    }
    List<Value<C>> out = new ArrayList<>();
    for (float[] p : pairs) {
      float r = p[0];
      int w = (int) p[1];
      out.add(
          new Value<>(
              "learning rate " + r + (w > 0 ? ", warm-up " + w + " steps" : ""),
              c -> set.apply(c, r, w)));
    }
    return out;
  }

  private final C start;
  private final List<Dimension<C>> dimensions;

  /**
   * @param rule the configuration before the dimensions' first values are applied
   */
  public SearchSpace(C rule, List<Dimension<C>> dimensions) {
    this.dimensions = List.copyOf(dimensions);
    C c = rule;
    for (Dimension<C> d : this.dimensions) {
      c = d.values().get(0).apply().apply(c);
    }
    this.start = c;
  }

  /** The rule's configuration: every dimension at its first value. */
  public C start() {
    return start;
  }

  /**
   * Whether the first single change ({@code candidates(2).get(1)}) is expected to cost clearly less
   * per epoch than the start: the first searched dimension is marked {@link Dimension#cheaper}.
   */
  public boolean firstAlternativeCheaper() {
    for (Dimension<C> d : dimensions) {
      if (d.searched()) {
        return d.cheaper();
      }
    }
    return false;
  }

  /** Names of the dimensions with more than one value. */
  public List<String> searched() {
    return dimensions.stream().filter(Dimension::searched).map(Dimension::name).toList();
  }

  /** How many candidates there are in all (start, single and paired changes). */
  public int size() {
    int single = 0;
    long pairs = 0;
    List<Integer> alternatives = new ArrayList<>();
    for (Dimension<C> d : dimensions) {
      alternatives.add(d.values().size() - 1);
      single += d.values().size() - 1;
    }
    for (int a = 0; a < alternatives.size(); a++) {
      for (int b = a + 1; b < alternatives.size(); b++) {
        pairs += (long) alternatives.get(a) * alternatives.get(b);
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, 1L + single + pairs);
  }

  /**
   * The single changes whose parameters have the rule's shapes, in the dimensions' order: the
   * candidates that can carry on from the rule's parameters.
   */
  public List<Candidate<C>> forks() {
    List<Candidate<C>> out = new ArrayList<>();
    for (Dimension<C> d : dimensions) {
      if (d.keepsShapes()) {
        for (Value<C> v : d.values().subList(1, d.values().size())) {
          out.add(new Candidate<>(v.label(), v.apply().apply(start)));
        }
      }
    }
    return out;
  }

  /** The first {@code n} candidates: the start, single changes, then pairs of changes. */
  public List<Candidate<C>> candidates(int n) {
    List<Candidate<C>> out = new ArrayList<>();
    out.add(new Candidate<>(START, start));
    for (Dimension<C> d : dimensions) {
      for (Value<C> v : d.values().subList(1, d.values().size())) {
        out.add(new Candidate<>(v.label(), v.apply().apply(start)));
      }
    }
    for (int a = 0; a < dimensions.size() && out.size() < n; a++) {
      for (int b = a + 1; b < dimensions.size() && out.size() < n; b++) {
        Dimension<C> da = dimensions.get(a);
        Dimension<C> db = dimensions.get(b);
        for (Value<C> va : da.values().subList(1, da.values().size())) {
          for (Value<C> vb : db.values().subList(1, db.values().size())) {
            out.add(
                new Candidate<>(
                    va.label() + ", " + vb.label(), vb.apply().apply(va.apply().apply(start))));
          }
        }
      }
    }
    return List.copyOf(out.subList(0, Math.min(n, out.size())));
  }
}
