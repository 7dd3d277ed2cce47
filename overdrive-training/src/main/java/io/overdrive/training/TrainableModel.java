package io.overdrive.training;

import io.overdrive.training.eval.UserScorer;
import java.util.List;
import java.util.SplittableRandom;

/** What {@link Trainer} needs from a model: its batches, a training step and a scorer. */
public interface TrainableModel extends AutoCloseable {
  /** One training batch, built in Java; {@link #examples} counts what it trains on. */
  interface Batch {
    long examples();

    /**
     * The seed of everything random in this batch's step (dropout masks, sampled negatives), drawn
     * with the epoch's batches from the training session's own generator: a step then draws the
     * same whether its model trains alone or in turns with others, and wherever a pause fell.
     */
    long seed();
  }

  String name();

  /** The batches of one epoch, in training order. */
  List<? extends Batch> epoch(SplittableRandom random);

  /** Trains on one batch; returns its loss. */
  float step(Batch batch);

  /** Scores items with the current parameters (evaluation mode). */
  UserScorer scorer();

  /** The parameters and their optimiser (for best-checkpoint keeping). */
  BlockOptimizer optimizer();

  /**
   * Carries on from {@code other}'s current parameters (a model of the same shapes, built with
   * other settings): the settings search's forks. The optimiser's state starts afresh.
   */
  default void startFrom(TrainableModel other) {
    optimizer().copyFrom(other.optimizer());
  }

  /** The settings it was built with. */
  ModelConfig config();

  /** Frees the parameters (native memory). */
  @Override
  void close();
}
