package io.overdrive.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A block's parameters on a device with their optimiser (Adam, a linear learning-rate warm-up):
 * runs optimisation steps (forward and loss inside a fresh sub-manager, so no step's arrays outlive
 * it; backward; update) and keeps the best parameters seen so far for early stopping and the
 * wall-clock budget.
 *
 * <p>The engine's random generator (initialisation, dropout masks) is one per process, shared by
 * every model in it. So the initialisation and every step re-seed it from a seed of their own: a
 * model's draws then depend on its seeds alone, not on what other models (the settings search's
 * other candidates, trained in turns between this one's steps) drew before. Re-seeding costs a few
 * microseconds against a step's milliseconds.
 */
public final class BlockOptimizer implements AutoCloseable {
  private final Block block;
  private final NDManager manager;
  private final ParameterStore parameters;
  private NDManager bestManager;
  private List<NDArray> best;
  private final long[] stepNanos = new long[3];

  /**
   * @param warmupSteps steps over which the learning rate rises linearly from 0 (0 = none)
   * @param seed the seed of the parameters' initialisation
   * @param inputShapes shapes to initialise the block with (batch dims may be 1)
   */
  public BlockOptimizer(
      Block block,
      Device device,
      float learningRate,
      int warmupSteps,
      long seed,
      Shape... inputShapes) {
    this.block = block;
    this.manager = NDManager.newBaseManager(device);
    seedEngine(seed);
    // parameters without their own initialiser get their type's default (Xavier for weights)
    block.initialize(manager, DataType.FLOAT32, inputShapes);
    Tracker rate =
        warmupSteps > 0
            ? Tracker.warmUp()
                .setMainTracker(Tracker.fixed(learningRate))
                .optWarmUpSteps(warmupSteps)
                .optWarmUpBeginValue(0f)
                .build()
            : Tracker.fixed(learningRate);
    Optimizer adam =
        Optimizer.adam().optLearningRateTracker(rate).optBeta1(0.9f).optBeta2(0.98f).build();
    parameters = new ParameterStore(manager, false);
    parameters.setParameterServer(new LocalParameterServer(adam), new Device[] {device});
  }

  public ParameterStore parameters() {
    return parameters;
  }

  /**
   * One optimisation step: {@code loss} builds the batch's loss from arrays it creates in the given
   * sub-manager, with the engine's generator seeded by {@code seed} (its dropout masks). Returns
   * the loss value.
   */
  public float step(long seed, Function<NDManager, NDArray> loss) {
    float value;
    long t0 = System.nanoTime();
    long t1;
    seedEngine(seed);
    try (NDManager step = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray l = loss.apply(step);
      value = l.getFloat(); // PyTorch runs eagerly: the forward pass is done here
      t1 = System.nanoTime();
      collector.backward(l);
    }
    long t2 = System.nanoTime();
    parameters.updateAllParameters();
    stepNanos[0] += t1 - t0;
    stepNanos[1] += t2 - t1;
    stepNanos[2] += System.nanoTime() - t2;
    return value;
  }

  /**
   * Wall-clock nanoseconds spent so far in the forward pass and loss, the backward pass and the
   * optimiser update, summed over all steps (for profiling: {@code bench/sequence-training.sh}).
   */
  public long[] stepNanos() {
    return stepNanos.clone();
  }

  /**
   * Seeds the engine's generator (PyTorch's {@code manual_seed}; it takes an int) from all 64 bits
   * of {@code seed}.
   */
  private static void seedEngine(long seed) {
    long z = (seed ^ (seed >>> 33)) * 0xff51afd7ed558ccdL; // a MurmurHash3 finaliser round
    Engine.getInstance().setRandomSeed((int) (z ^ (z >>> 32)));
  }

  /** Runs {@code work} without gradients in a sub-manager that is closed afterwards. */
  public <T> T infer(Function<NDManager, T> work) {
    try (NDManager scope = manager.newSubManager()) {
      return work.apply(scope);
    }
  }

  /** Remembers the current parameters as the best so far. */
  public void keepBest() {
    if (bestManager == null) {
      bestManager = manager.newSubManager();
    }
    List<NDArray> copy = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray c = p.getValue().getArray().duplicate();
      c.attach(bestManager);
      copy.add(c);
    }
    if (best != null) {
      best.forEach(NDArray::close);
    }
    best = copy;
  }

  /** Puts the best parameters back (no-op when none was kept). */
  public void restoreBest() {
    if (best == null) {
      return;
    }
    int k = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      best.get(k++).copyTo(p.getValue().getArray());
    }
  }

  /**
   * Sets this block's parameters to {@code other}'s current ones (blocks of the same structure);
   * the optimiser's state starts afresh.
   *
   * @throws IllegalArgumentException when a parameter's shape differs
   */
  public void copyFrom(BlockOptimizer other) {
    ParameterList from = other.block.getParameters();
    ParameterList to = block.getParameters();
    if (from.size() != to.size()) {
      throw new IllegalArgumentException(
          "parameters differ: " + from.size() + " against " + to.size());
    }
    for (int k = 0; k < to.size(); k++) {
      NDArray source = from.get(k).getValue().getArray();
      NDArray target = to.get(k).getValue().getArray();
      if (!source.getShape().equals(target.getShape())) {
        throw new IllegalArgumentException(
            to.get(k).getKey() + ": shape " + source.getShape() + " against " + target.getShape());
      }
      source.copyTo(target);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
