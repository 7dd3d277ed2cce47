package io.overdrive.ranking;

import io.overdrive.features.FeatureSlab;

/**
 * The {@link FeatureSlab}s a pipeline's rankings take turns with: a ranking takes one, and gives it
 * back cleared when its result holds copies of what it needs. There are only a few (as many as
 * rankings usually run at once: a few per core, ~380 KB each); a ranking that finds none free gives
 * its candidates vectors of their own, as before slabs, so the memory held stays bounded whatever
 * the thread count.
 */
final class FeatureSlabs {
  /**
   * Vectors per slab: a request's candidates ({@link RequestLimits#MAX_CANDIDATES} at most) and
   * what the sources add; beyond it a candidate gets a vector of its own.
   */
  static final int CAPACITY = 1024;

  private final FeatureSlab[] free;
  private int count;
  private int made;

  FeatureSlabs(int kept) {
    this.free = new FeatureSlab[kept];
  }

  /** As many as rankings usually run at once: two per core, at least four. */
  static FeatureSlabs forThisMachine() {
    return new FeatureSlabs(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /** A free slab, or null when every one is in use (the ranking then allocates its vectors). */
  FeatureSlab take() {
    synchronized (this) {
      if (count > 0) {
        FeatureSlab slab = free[--count];
        free[count] = null;
        return slab;
      }
      if (made == free.length) {
        return null;
      }
      made++;
    }
    return new FeatureSlab(CAPACITY);
  }

  /** Clears a slab {@link #take()} gave and keeps it for the next ranking; null is ignored. */
  void give(FeatureSlab slab) {
    if (slab == null) {
      return;
    }
    slab.clear();
    synchronized (this) {
      free[count++] = slab;
    }
  }

  /** Slabs kept now (for tests). */
  synchronized int kept() {
    return count;
  }
}
