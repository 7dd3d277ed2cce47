package io.overdrive.ranking;

import io.overdrive.features.FeatureSlot;

/**
 * Names of the blended scoring signals; each is written by one scorer stage and read by the
 * blender. Every name is the {@link FeatureSlot#slotName()} of its slot in the feature layout.
 */
public final class Signals {
  public static final String DECLARED_INTEREST = FeatureSlot.DECLARED_INTEREST.slotName();
  public static final String LEARNED_INTEREST = FeatureSlot.LEARNED_INTEREST.slotName();
  public static final String ENGAGEMENT = FeatureSlot.ENGAGEMENT.slotName();
  public static final String QUALITY = FeatureSlot.QUALITY.slotName();
  public static final String FRESHNESS = FeatureSlot.FRESHNESS.slotName();
  public static final String FOLLOWED_AUTHOR = FeatureSlot.FOLLOWED_AUTHOR.slotName();
  public static final String AUTHOR_AFFINITY = FeatureSlot.AUTHOR_AFFINITY.slotName();
  public static final String TWO_TOWER = FeatureSlot.TWO_TOWER.slotName();
  public static final String SEQUENCE = FeatureSlot.SEQUENCE.slotName();
  public static final String POPULARITY = FeatureSlot.POPULARITY.slotName();

  private Signals() {}
}
