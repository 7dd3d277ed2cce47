package io.overdrive.training.eval;

/** Which held-out item is the target (leave-one-out). */
public enum Phase {
  /** Target: the second-to-last item; input: the training items. */
  VALIDATION,
  /** Target: the last item; input: the training items and the validation item. */
  TEST
}
