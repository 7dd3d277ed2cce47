package io.overdrive.training;

import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.RankingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Trains a {@link TrainableModel}: epochs with a validation after each, early stopping on
 * validation NDCG@10 and a hard wall-clock budget; the parameters of the best validation are
 * restored at the end. A {@link Session} can be paused and resumed (the settings search trains
 * several candidates in turns); a pause in the middle of an epoch validates what was trained so far
 * and the next turn carries on with the same epoch.
 *
 * <p>Training in turns leaves a model's path as it is alone: every step's randomness comes with its
 * batch ({@link TrainableModel.Batch#seed}), drawn from the session's own generator, so other
 * models' turns draw nothing of it; and a validation at a pause informs the settings search ({@link
 * Session#best}) but neither early stopping nor the parameters kept, unless it is the session's
 * last (as the validation at the deadline of a training alone is).
 */
public final class Trainer {
  /**
   * One validation's figures, for the report's curves.
   *
   * @param epoch epochs trained so far (fractional when validated at a pause within an epoch)
   */
  public record EpochRecord(
      double epoch,
      double trainLoss,
      double seconds,
      long examples,
      RankingMetrics validationSampled,
      RankingMetrics validationFull) {}

  /** How training went. */
  public record Outcome(
      List<EpochRecord> epochs, double bestEpoch, double bestNdcg10, double seconds, String stop) {}

  static final String TIME_BUDGET = "time budget";

  /**
   * A first-epoch step costing more than this many times the median step's seconds per example is a
   * stall (a load peak, a first allocation), left out of the epoch's estimate: one such step among
   * a few made the rule's first epoch look 20-30 times as long as it was (decision 0406).
   */
  static final double STALL_FACTOR = 3;

  private final Evaluator evaluator;
  private final ProgressBar progress;
  private final boolean selectOnFull;
  private final LongSupplier clock;

  /**
   * @param selectOnFull select the checkpoint on full-ranking NDCG@10 (else on sampled-100)
   */
  public Trainer(Evaluator evaluator, ProgressBar progress, boolean selectOnFull) {
    this(evaluator, progress, selectOnFull, System::nanoTime);
  }

  /**
   * @param clock nanoseconds, as {@link System#nanoTime()}: every time the trainer and the settings
   *     search measure or compare (tests give a clock their models advance)
   */
  public Trainer(
      Evaluator evaluator, ProgressBar progress, boolean selectOnFull, LongSupplier clock) {
    this.evaluator = evaluator;
    this.progress = progress;
    this.selectOnFull = selectOnFull;
    this.clock = clock;
  }

  /**
   * Seconds per example of steps given as {seconds, examples}: their total seconds over their total
   * examples, leaving out the stalls, steps above {@link #STALL_FACTOR} times the median step's
   * seconds per example (a uniformly slow start, e.g. a loaded machine, is kept whole: its median
   * is slow too).
   */
  public static double estimateSecondsPerExample(List<double[]> steps) {
    double[] rates = steps.stream().mapToDouble(t -> t[0] / Math.max(1, t[1])).sorted().toArray();
    int m = rates.length / 2;
    double median = rates.length % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2;
    double seconds = 0;
    double examples = 0;
    for (double[] t : steps) {
      if (t[0] / Math.max(1, t[1]) <= STALL_FACTOR * median) {
        seconds += t[0];
        examples += Math.max(1, t[1]);
      }
    }
    return seconds / examples;
  }

  /** The trainer's clock, in nanoseconds: deadlines are given on it. */
  public long now() {
    return clock.getAsLong();
  }

  /**
   * Trains to the end in one go.
   *
   * @param deadlineNanos {@link #now()} at which training stops however far it got
   */
  public Outcome run(
      TrainableModel model, int maxEpochs, int patience, long deadlineNanos, long seed) {
    Session s = start(model, model.name(), maxEpochs, patience, seed);
    s.advance(deadlineNanos, Double.POSITIVE_INFINITY);
    return s.finish();
  }

  /** A session that trains when {@link Session#advance} is called. */
  public Session start(TrainableModel model, String label, int maxEpochs, int patience, long seed) {
    return new Session(model, label, maxEpochs, patience, seed);
  }

  /** One model's training, in as many turns as its caller gives it. */
  public final class Session {
    private final TrainableModel model;
    private final String label;
    private final int maxEpochs;
    private final int patience;
    private final SplittableRandom random;
    private final List<EpochRecord> records = new ArrayList<>();
    private List<? extends TrainableModel.Batch> batches; // the epoch under way, or null
    private int next; // its next batch
    private int stepsPerEpoch; // batches in the first epoch
    private long examplesPerEpoch; // their examples (the same every epoch: each user's sequence)
    // the first epoch's steps after its warm-up, as {seconds, examples}: its estimate
    private final List<double[]> firstEpochSteps = new ArrayList<>();
    private int epoch; // epochs started
    private double lossSum;
    private long steps;
    private long examples;
    private double epochSeconds;
    private boolean validated = true; // nothing trained since the last validation
    private double best = Double.NEGATIVE_INFINITY; // every validation's, pauses included
    private double kept = Double.NEGATIVE_INFINITY; // the parameters kept: epoch ends only
    private double bestEpoch; // the kept parameters'
    private int sinceBest; // epochs since the kept parameters
    private double atPause = Double.NaN; // the last validation's, when it was at a pause
    private double pauseEpoch;
    private double seconds;
    private long turnStart; // clock at the start of the turn under way
    private final List<Double> epochTimes = new ArrayList<>(); // seconds of each complete epoch
    private final List<double[]> curve =
        new ArrayList<>(); // {seconds trained, value} per validation
    private double validationSeconds;
    private long allSteps; // every step, their time and examples
    private double allStepSeconds;
    private long allExamples;
    private String stop;

    private Session(TrainableModel model, String label, int maxEpochs, int patience, long seed) {
      this.model = model;
      this.label = label;
      this.maxEpochs = maxEpochs;
      this.patience = patience;
      this.random = new SplittableRandom(seed);
    }

    public TrainableModel model() {
      return model;
    }

    /** True once early stopping or the epoch limit ended training. */
    public boolean done() {
      return stop != null;
    }

    /**
     * Best validation NDCG@10 so far on the selection protocol (-infinity before any), the
     * validations at pauses included: what the settings search judges a paused candidate on.
     */
    public double best() {
      return best;
    }

    /**
     * Validation NDCG@10 of the parameters {@link #finish} would restore now: the best at an
     * epoch's end, or the last validation's if it was at a pause and went past that.
     */
    public double keptBest() {
      return Double.isNaN(atPause) ? kept : Math.max(kept, atPause);
    }

    /** Wall-clock seconds this session has trained and validated. */
    public double seconds() {
      return seconds;
    }

    /**
     * Estimated wall-clock seconds of one more epoch with its validation, from the first epoch's
     * steps after its warm-up (its first tenth: JIT compilation, the native library's first calls):
     * their seconds per example, stalls left out ({@link #estimateSecondsPerExample}), times the
     * epoch's examples (batches differ in length: a step's cost follows its examples, not the
     * number of steps); from every step so far when none is past the warm-up; infinite before any.
     */
    public double secondsPerEpoch() {
      if (allSteps == 0) {
        return Double.POSITIVE_INFINITY;
      }
      double perExample =
          firstEpochSteps.isEmpty()
              ? allStepSeconds / Math.max(1, allExamples)
              : estimateSecondsPerExample(firstEpochSteps);
      return perExample * examplesPerEpoch + validationSeconds / Math.max(1, records.size());
    }

    /**
     * Steps of the first epoch still to train before {@code minSteps} past its warm-up are measured
     * for {@link #secondsPerEpoch}, or before the epoch ends if that comes first; 0 once an epoch
     * is complete.
     */
    public int stepsUntilEstimate(int minSteps) {
      if (!epochTimes.isEmpty() || epoch > 1) {
        return 0;
      }
      if (batches == null) { // nothing trained yet
        return Math.max(0, minSteps); // the warm-up is not known yet: a lower bound
      }
      int warmup = Math.max(1, batches.size() / 10);
      int needed = Math.max(0, warmup - next) + Math.max(0, minSteps - firstEpochSteps.size());
      return Math.min(needed, batches.size() - next);
    }

    /**
     * Wall-clock seconds of one epoch with its validation, the median of the complete epochs so far
     * (a load peak or the first epoch's warm-up then moves it by one place, not by its size); from
     * the steps ({@link #secondsPerEpoch}) before the first epoch is complete.
     */
    public double medianEpochSeconds() {
      if (epochTimes.isEmpty()) {
        return secondsPerEpoch();
      }
      double[] t = epochTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int m = t.length / 2;
      return t.length % 2 == 1 ? t[m] : (t[m - 1] + t[m]) / 2;
    }

    /** Seconds of each complete epoch, with its validation, in order. */
    public List<Double> epochSeconds() {
      return List.copyOf(epochTimes);
    }

    /**
     * Best validation NDCG@10 among the validations made within the first {@code seconds} of this
     * session's training (-infinity before any).
     */
    public double bestWithin(double seconds) {
      double b = Double.NEGATIVE_INFINITY;
      for (double[] v : curve) {
        if (v[0] <= seconds) {
          b = Math.max(b, v[1]);
        }
      }
      return b;
    }

    /**
     * Seconds of this session's training at its first validation of at least {@code value}
     * (infinite if none).
     */
    public double secondsToReach(double value) {
      for (double[] v : curve) {
        if (v[1] >= value) {
          return v[0];
        }
      }
      return Double.POSITIVE_INFINITY;
    }

    /** Epochs trained (fractional within an epoch). */
    public double epochs() {
      return batches == null ? epoch : epoch - 1 + (double) next / batches.size();
    }

    /** Validation NDCG@10 so far, one per validation. */
    public List<EpochRecord> records() {
      return List.copyOf(records);
    }

    /**
     * Trains until the deadline, until {@code untilEpochs} epochs are complete, or until training
     * ends (early stopping, epoch limit). A pause within an epoch validates what was trained.
     */
    public void advance(long deadlineNanos, double untilEpochs) {
      advance(deadlineNanos, untilEpochs, Long.MAX_VALUE);
    }

    /**
     * {@link #advance(long, double)}, stopping after {@code maxSteps} steps at the latest (a pause
     * within an epoch, validated as any other).
     */
    public void advance(long deadlineNanos, double untilEpochs, long maxSteps) {
      long start = clock.getAsLong();
      turnStart = start;
      long turnSteps = 0;
      try {
        while (stop == null && epochs() < untilEpochs && turnSteps < maxSteps) {
          if (batches == null) {
            if (epoch >= maxEpochs) {
              stop = "max epochs (" + maxEpochs + ")";
              break;
            }
            if (clock.getAsLong() >= deadlineNanos) {
              break;
            }
            batches = model.epoch(random);
            if (stepsPerEpoch == 0) {
              stepsPerEpoch = batches.size();
              for (TrainableModel.Batch b : batches) {
                examplesPerEpoch += b.examples();
              }
            }
            next = 0;
            epoch++;
            lossSum = 0;
            steps = 0;
            examples = 0;
            epochSeconds = 0;
          }
          long turn = clock.getAsLong();
          progress.start(
              String.format(Locale.ROOT, "%s epoch %3d", label, epoch), batches.size(), next);
          while (next < batches.size()
              && clock.getAsLong() < deadlineNanos
              && turnSteps < maxSteps) {
            TrainableModel.Batch b = batches.get(next);
            long stepStart = clock.getAsLong();
            float loss = model.step(b);
            double stepSeconds = (clock.getAsLong() - stepStart) / 1e9;
            turnSteps++;
            allSteps++;
            allStepSeconds += stepSeconds;
            allExamples += b.examples();
            if (epoch == 1 && next >= Math.max(1, batches.size() / 10)) {
              firstEpochSteps.add(new double[] {stepSeconds, b.examples()});
            }
            if (!Float.isFinite(loss)) {
              throw new IllegalStateException(model.name() + ": loss became " + loss);
            }
            next++;
            atPause = Double.NaN; // trained since: that validation's parameters are gone
            lossSum += loss;
            steps++;
            examples += b.examples();
            validated = false;
            progress.step(next, loss, b.examples());
          }
          epochSeconds += (clock.getAsLong() - turn) / 1e9;
          boolean complete = next == batches.size();
          if (!validated) {
            validate(complete);
          }
          if (complete) {
            epochTimes.add(epochSeconds);
            batches = null;
          } else {
            break; // out of time: paused within the epoch
          }
        }
      } finally {
        seconds += (clock.getAsLong() - start) / 1e9;
      }
    }

    private void validate(boolean complete) {
      long t0 = clock.getAsLong();
      double at = epochs();
      Evaluator.Result v = evaluator.evaluate(model.scorer(), Phase.VALIDATION);
      double ndcg = selectOnFull ? v.full().ndcg10() : v.sampled().ndcg10();
      double validation = (clock.getAsLong() - t0) / 1e9;
      curve.add(new double[] {seconds + (clock.getAsLong() - turnStart) / 1e9, ndcg});
      epochSeconds += validation;
      validationSeconds += validation;
      records.add(
          new EpochRecord(
              at, lossSum / Math.max(steps, 1), epochSeconds, examples, v.sampled(), v.full()));
      validated = true;
      boolean improved = ndcg > best;
      best = Math.max(best, ndcg);
      progress.finish(
          String.format(
              Locale.ROOT,
              "val NDCG@10 %.4f (sampled) %.4f (full)%s%s",
              v.sampled().ndcg10(),
              v.full().ndcg10(),
              improved ? " *" : "",
              complete ? "" : String.format(Locale.ROOT, " (at epoch %.2f)", at)));
      // only epoch ends decide early stopping and the parameters kept: pauses, which fall where
      // the settings search needs them, must not change where a model trained in turns ends.
      // Nor may they copy the parameters: on PyTorch's CPU engine a copy taken between two steps
      // changes the next steps' results in the last bits (TrainerTurnsTest fails with one)
      if (!complete) {
        atPause = ndcg;
        pauseEpoch = at;
      } else if (ndcg > kept) {
        keep(ndcg, at);
        sinceBest = 0;
      } else if (++sinceBest >= patience) {
        stop = "early stopping (no gain in " + patience + " epochs)";
      }
    }

    private void keep(double ndcg, double at) {
      kept = ndcg;
      bestEpoch = at;
      model.optimizer().keepBest();
    }

    /** Ends training (by the time budget unless it ended by itself) and restores the best. */
    public Outcome finish() {
      return finish(TIME_BUDGET);
    }

    /** Ends training for {@code reason} unless it ended by itself, and restores the best. */
    public Outcome finish(String reason) {
      if (stop == null) {
        stop = reason;
      }
      // the last validation was at a pause and nothing trained since: this is where training
      // ended (the deadline), as it would alone
      if (atPause > kept) {
        keep(atPause, pauseEpoch);
      }
      atPause = Double.NaN;
      model.optimizer().restoreBest();
      return new Outcome(List.copyOf(records), bestEpoch, kept, seconds, stop);
    }
  }
}
