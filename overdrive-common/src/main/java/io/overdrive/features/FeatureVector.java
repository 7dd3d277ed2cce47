package io.overdrive.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ranking features of one (user, item) pair in the one layout of {@link FeatureSlot}: a value
 * per slot, whether a stage produced it, and optionally what drove it ("gaming", "a17"). Stages
 * write it during ranking; the blender, learned rankers and /insights read it. A slot nobody wrote
 * reads as 0 and is absent from {@link #presentMask()}, so the blender can give its weight to the
 * others.
 *
 * <p>Not thread-safe: one vector belongs to one candidate of one request. A ranking's vectors may
 * live in a {@link FeatureSlab} the next ranking reuses: what outlives the request is a {@link
 * #snapshot()} or a {@link #copy()}.
 */
public final class FeatureVector implements FeatureValues {
  /** Changes whenever slots are appended to {@link FeatureSlot}. */
  public static final int LAYOUT_VERSION = 2;

  public static final int SIZE = FeatureSlot.values().length;

  static {
    if (SIZE > Long.SIZE) {
      throw new IllegalStateException("the presence mask holds at most 64 slots");
    }
  }

  /** The values, at {@code base .. base + SIZE}: the vector's own array, or a slab's. */
  private final double[] values;

  private final int base;

  /** The slab's details (at the same offsets), or this vector's own, made on the first detail. */
  private String[] details;

  private long present;

  public FeatureVector() {
    this.values = new double[SIZE];
    this.base = 0;
  }

  /** A vector over its slab's slots {@code base .. base + SIZE} ({@link FeatureSlab}). */
  FeatureVector(double[] values, String[] details, int base) {
    this.values = values;
    this.details = details;
    this.base = base;
  }

  public void set(FeatureSlot slot, double value) {
    values[base + slot.ordinal()] = value;
    present |= 1L << slot.ordinal();
  }

  /** Sets a value and what drove it; a null detail clears an earlier one. */
  public void set(FeatureSlot slot, double value, String detail) {
    set(slot, value);
    if (detail != null) {
      if (details == null) {
        details = new String[SIZE];
      }
      details[base + slot.ordinal()] = detail;
    } else if (details != null) {
      details[base + slot.ordinal()] = null;
    }
  }

  @Override
  public double get(FeatureSlot slot) {
    return values[base + slot.ordinal()];
  }

  @Override
  public double get(int index) {
    return values[base + index];
  }

  @Override
  public boolean has(FeatureSlot slot) {
    return (present & (1L << slot.ordinal())) != 0;
  }

  @Override
  public String detail(FeatureSlot slot) {
    return details == null ? null : details[base + slot.ordinal()];
  }

  @Override
  public long presentMask() {
    return present;
  }

  @Override
  public float[] toFloatArray() {
    float[] out = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = (float) values[base + i];
    }
    return out;
  }

  @Override
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < SIZE; i++) {
      if ((present & (1L << i)) != 0) {
        out.put(FeatureSlot.at(i).slotName(), values[base + i]);
      }
    }
    return out;
  }

  /**
   * The recorded signals at this moment, by slot name in layout order, as {@link #asMap()} gives
   * them but read-only and compact: one copy of the values, each boxed only when read. A ranking
   * keeps this for every item it returns (explanations, the served-ranking log).
   */
  public Map<String, Double> snapshot() {
    return new FeatureSnapshot(Arrays.copyOfRange(values, base, base + SIZE), present);
  }

  /** A vector of its own with the same values and details (a slab's vector is reused). */
  public FeatureVector copy() {
    FeatureVector c = new FeatureVector();
    System.arraycopy(values, base, c.values, 0, SIZE);
    c.present = present;
    if (details != null) {
      c.details = Arrays.copyOfRange(details, base, base + SIZE);
    }
    return c;
  }

  /** Forgets every value (the slab clears the arrays). */
  void clearPresence() {
    present = 0;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
