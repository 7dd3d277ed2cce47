package io.overdrive.ranking;

/** Names of the scoring signals; each is written by one scorer stage and read by the blender. */
public final class Signals {
  public static final String DECLARED_INTEREST = "declared_interest";
  public static final String LEARNED_INTEREST = "learned_interest";
  public static final String ENGAGEMENT = "engagement";
  public static final String QUALITY = "quality";
  public static final String FRESHNESS = "freshness";
  public static final String FOLLOWED_AUTHOR = "followed_author";
  public static final String AUTHOR_AFFINITY = "author_affinity";
  public static final String TWO_TOWER = "two_tower";
  public static final String SEQUENCE = "sequence";

  private Signals() {}
}
