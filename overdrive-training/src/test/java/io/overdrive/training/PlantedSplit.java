package io.overdrive.training;

import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;

/**
 * A small planted data set (200 users, 120 items, chains followed 90% of the time), its split and
 * its evaluator, on an engine with 2 threads: what the tests that train real models on a clock
 * share.
 */
public record PlantedSplit(LeaveOneOutSplit split, Evaluator evaluator) {
  public static PlantedSplit small() {
    DjlRuntime.configure(2);
    LeaveOneOutSplit split = new LeaveOneOutSplit(PlantedData.chains(200, 120, 16, 0.9, 7));
    return new PlantedSplit(split, new Evaluator(split, 1));
  }
}
