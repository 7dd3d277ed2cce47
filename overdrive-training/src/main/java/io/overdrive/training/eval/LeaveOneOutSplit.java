package io.overdrive.training.eval;

import io.overdrive.training.data.InteractionData;
import java.util.Arrays;

/**
 * The leave-one-out split of sequential recommendation (SASRec, BERT4Rec): each user's last item is
 * the test target, the second-to-last the validation target, the rest is training data. Users with
 * fewer than three items train only and are not evaluated.
 */
public final class LeaveOneOutSplit {
  private final InteractionData data;
  private final int[][] train;
  private final int[] validation;
  private final int[] test;
  private final int[] evaluated;

  public LeaveOneOutSplit(InteractionData data) {
    this.data = data;
    int users = data.userCount();
    train = new int[users][];
    validation = new int[users];
    test = new int[users];
    int[] eval = new int[users];
    int n = 0;
    for (int u = 0; u < users; u++) {
      int[] seq = data.sequence(u);
      if (seq.length < 3) {
        train[u] = seq;
        validation[u] = -1;
        test[u] = -1;
      } else {
        train[u] = Arrays.copyOf(seq, seq.length - 2);
        validation[u] = seq[seq.length - 2];
        test[u] = seq[seq.length - 1];
        eval[n++] = u;
      }
    }
    evaluated = Arrays.copyOf(eval, n);
  }

  public InteractionData data() {
    return data;
  }

  public int itemCount() {
    return data.itemCount();
  }

  public int userCount() {
    return data.userCount();
  }

  /** The user's training items in time order. */
  public int[] train(int user) {
    return train[user];
  }

  /** Users with a validation and a test target. */
  public int[] evaluatedUsers() {
    return evaluated;
  }

  /** The items a model sees for the user in this phase, in time order. */
  public int[] input(int user, Phase phase) {
    if (phase == Phase.VALIDATION || validation[user] < 0) {
      return train[user];
    }
    int[] t = train[user];
    int[] in = Arrays.copyOf(t, t.length + 1);
    in[t.length] = validation[user];
    return in;
  }

  /** Length of {@link #input}. */
  public int inputLength(int user, Phase phase) {
    return train[user].length + (phase == Phase.TEST && validation[user] >= 0 ? 1 : 0);
  }

  /** The held-out target of the phase, or -1 for a user who is not evaluated. */
  public int target(int user, Phase phase) {
    return phase == Phase.VALIDATION ? validation[user] : test[user];
  }

  /** All the user's items (training and held out). */
  public int[] allItems(int user) {
    return data.sequence(user);
  }

  /** Training interactions per item (+ validation items in the test phase): PopRec's scores. */
  public float[] popularity(Phase phase) {
    float[] pop = new float[itemCount()];
    for (int u = 0; u < userCount(); u++) {
      for (int i : train[u]) {
        pop[i]++;
      }
      if (phase == Phase.TEST && validation[u] >= 0) {
        pop[validation[u]]++;
      }
    }
    return pop;
  }
}
