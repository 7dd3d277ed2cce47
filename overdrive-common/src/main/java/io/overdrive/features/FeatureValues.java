package io.overdrive.features;

import java.util.Map;

/**
 * The read side of a {@link FeatureVector}: what a ranking stage that may read features but not
 * write them (a filter, the blend, a selector) is given. Writes go through the pipeline's writers,
 * which hold each stage to the slots it declares.
 */
public interface FeatureValues {
  double get(FeatureSlot slot);

  /** The value at a layout index. */
  double get(int index);

  boolean has(FeatureSlot slot);

  /** What drove the slot's value, or null. */
  String detail(FeatureSlot slot);

  /** Bit i set when slot i was written. */
  long presentMask();

  /** The values in layout order as floats (absent slots are 0), for a learned ranker. */
  float[] toFloatArray();

  /** The present slots by name, in layout order (for JSON and /insights). */
  Map<String, Double> asMap();
}
