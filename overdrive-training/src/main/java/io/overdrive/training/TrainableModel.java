package io.overdrive.training;

import io.overdrive.training.eval.UserScorer;
import java.util.List;
import java.util.SplittableRandom;

/** What {@link TrainingLoop} needs from a model: its batches, a training step and a scorer. */
public interface TrainableModel {
  /** One training batch, built in Java; {@link #examples} counts what it trains on. */
  interface Batch {
    long examples();
  }

  String name();

  /** The batches of one epoch, in training order. */
  List<? extends Batch> epoch(SplittableRandom random);

  /** Trains on one batch; returns its loss. */
  float step(Batch batch);

  /** Scores items with the current parameters (evaluation mode). */
  UserScorer scorer();

  /** The optimiser state holder (for best-checkpoint keeping). */
  Fitter fitter();
}
