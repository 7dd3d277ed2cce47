package io.overdrive.training.eval;

/** A model under evaluation: scores every item for a batch of users (higher = more likely next). */
@FunctionalInterface
public interface UserScorer {
  /**
   * Fills {@code out[k]} (length = item count) with the scores of every item for {@code users[k]},
   * given the user's input of the phase ({@link LeaveOneOutSplit#input}).
   */
  void scoreAll(int[] users, Phase phase, float[][] out);
}
