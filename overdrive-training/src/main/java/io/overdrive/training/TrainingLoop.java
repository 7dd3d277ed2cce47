package io.overdrive.training;

import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.RankingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Epochs of training with a validation after each, early stopping on validation NDCG@10 and a hard
 * wall-clock budget; the parameters of the best validation are restored at the end.
 */
public final class TrainingLoop {
  /** One epoch's figures, for the report's curves. */
  public record EpochRecord(
      int epoch,
      double trainLoss,
      double seconds,
      long examples,
      RankingMetrics validationSampled,
      RankingMetrics validationFull) {}

  /** How training went. */
  public record Outcome(
      List<EpochRecord> epochs, int bestEpoch, double bestNdcg10, double seconds, String stop) {}

  private final Evaluator evaluator;
  private final ProgressBar progress;
  private final boolean selectOnFull;

  /**
   * @param selectOnFull select the checkpoint on full-ranking NDCG@10 (else on sampled-100)
   */
  public TrainingLoop(Evaluator evaluator, ProgressBar progress, boolean selectOnFull) {
    this.evaluator = evaluator;
    this.progress = progress;
    this.selectOnFull = selectOnFull;
  }

  /**
   * @param deadlineNanos {@link System#nanoTime()} at which training stops however far it got
   */
  public Outcome run(
      TrainableModel model, int maxEpochs, int patience, long deadlineNanos, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<EpochRecord> epochs = new ArrayList<>();
    long start = System.nanoTime();
    int bestEpoch = 0;
    double best = Double.NEGATIVE_INFINITY;
    int sinceBest = 0;
    String stop = "max epochs (" + maxEpochs + ")";
    for (int epoch = 1; epoch <= maxEpochs; epoch++) {
      List<? extends TrainableModel.Batch> batches = model.epoch(random);
      String label = String.format(Locale.ROOT, "%s epoch %3d", model.name(), epoch);
      progress.start(label, batches.size());
      long epochStart = System.nanoTime();
      int done = 0;
      boolean outOfTime = false;
      for (TrainableModel.Batch b : batches) {
        if (System.nanoTime() >= deadlineNanos) {
          outOfTime = true;
          break;
        }
        float loss = model.step(b);
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException(model.name() + ": loss became " + loss);
        }
        progress.step(++done, loss, b.examples());
      }
      if (done == 0) {
        stop = "time budget";
        break;
      }
      Evaluator.Result v = evaluator.evaluate(model.scorer(), Phase.VALIDATION);
      double ndcg = selectOnFull ? v.full().ndcg10() : v.sampled().ndcg10();
      epochs.add(
          new EpochRecord(
              epoch,
              progress.meanLoss(),
              (System.nanoTime() - epochStart) / 1e9,
              progress.examples(),
              v.sampled(),
              v.full()));
      boolean improved = ndcg > best;
      progress.finish(
          String.format(
              Locale.ROOT,
              "val NDCG@10 %.4f (sampled) %.4f (full)%s",
              v.sampled().ndcg10(),
              v.full().ndcg10(),
              improved ? " *" : ""));
      if (improved) {
        best = ndcg;
        bestEpoch = epoch;
        sinceBest = 0;
        model.fitter().keepBest();
      } else if (++sinceBest >= patience) {
        stop = "early stopping (no gain in " + patience + " epochs)";
        break;
      }
      if (outOfTime) {
        stop = "time budget";
        break;
      }
    }
    model.fitter().restoreBest();
    return new Outcome(epochs, bestEpoch, best, (System.nanoTime() - start) / 1e9, stop);
  }
}
