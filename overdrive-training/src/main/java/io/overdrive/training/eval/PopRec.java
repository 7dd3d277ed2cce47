package io.overdrive.training.eval;

/** The popularity baseline: every user gets the items by their number of training interactions. */
public final class PopRec implements UserScorer {
  private final float[] validation;
  private final float[] test;

  public PopRec(LeaveOneOutSplit split) {
    this.validation = split.popularity(Phase.VALIDATION);
    this.test = split.popularity(Phase.TEST);
  }

  @Override
  public void scoreAll(int[] users, Phase phase, float[][] out) {
    float[] pop = phase == Phase.VALIDATION ? validation : test;
    for (int k = 0; k < users.length; k++) {
      System.arraycopy(pop, 0, out[k], 0, pop.length);
    }
  }
}
