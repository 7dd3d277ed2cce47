package io.overdrive.ranking;

import io.overdrive.features.FeatureSlot;
import java.util.Collection;

/**
 * How a scorer writes its signals: only into the slots it declares ({@code writes()}). A write to
 * any other slot fails the request with the stage and slot named, so a scorer cannot overwrite
 * another's signal or change what the blend weighs behind the pipeline's back. The pipeline makes
 * one writer per stage and request, and attributes the slots written to the stage (the reasons name
 * it).
 */
public class FeatureWriter {
  private final String stage;
  private final long allowed;
  private long written;

  FeatureWriter(String stage, long allowed) {
    this.stage = stage;
    this.allowed = allowed;
  }

  /** Sets a slot's value. */
  public void set(Candidate c, FeatureSlot slot, double value) {
    c.vector().set(slot, value);
    mark(slot);
  }

  /**
   * Sets a slot's value and what drove it ("gaming", "a17"); a null detail clears an earlier one.
   */
  public void set(Candidate c, FeatureSlot slot, double value, String detail) {
    c.vector().set(slot, value, detail);
    mark(slot);
  }

  private void mark(FeatureSlot slot) {
    long bit = 1L << slot.ordinal();
    if ((allowed & bit) == 0) {
      throw new IllegalStateException(
          stage + " wrote " + slot.slotName() + ", which is not among the slots it declares");
    }
    written |= bit;
  }

  /** The slots written through this writer (bit i for slot i). */
  long written() {
    return written;
  }

  String stage() {
    return stage;
  }

  static long mask(Collection<FeatureSlot> slots) {
    long m = 0;
    for (FeatureSlot s : slots) {
      m |= 1L << s.ordinal();
    }
    return m;
  }
}
