package io.overdrive.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.overdrive.training.BlockOptimizer;
import io.overdrive.training.ModelConfig;
import io.overdrive.training.PlantedSplit;
import io.overdrive.training.Quiet;
import io.overdrive.training.TrainableModel;
import io.overdrive.training.Trainer;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.UserScorer;
import io.overdrive.training.search.SearchSpace.Dimension;
import io.overdrive.training.search.SearchSpace.Value;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * When the search starts under a time budget, on a clock the models advance (no real time passes,
 * so nothing depends on the machine's load): models whose epochs cost what the test says and whose
 * validation NDCG@10 follows a curve of their epochs.
 */
class SettingsSearchClockTest {
  static final long SECOND = 1_000_000_000L;
  static final int STEPS = 10; // per epoch
  static final double BUDGET = 600; // seconds

  static final PlantedSplit DATA = PlantedSplit.small();
  static final LeaveOneOutSplit split = DATA.split();
  static final Evaluator evaluator = DATA.evaluator();

  /**
   * @param firstStepSeconds a step's cost in the first epoch (a load peak, the JIT's warm-up)
   * @param stepSeconds a step's cost afterwards
   * @param quality the share of users whose validation target ranks first, by epochs trained
   * @param stall the cost of each step by its number from 0, over the costs above when not NaN (a
   *     load peak in the middle of the first epoch); null: none
   */
  record Fake(
      String name,
      double firstStepSeconds,
      double stepSeconds,
      DoubleUnaryOperator quality,
      int patience,
      LongToDoubleFunction stall)
      implements ModelConfig {
    /** No early stopping. */
    Fake(String name, double firstStepSeconds, double stepSeconds, DoubleUnaryOperator quality) {
      this(name, firstStepSeconds, stepSeconds, quality, 1000);
    }

    Fake(
        String name,
        double firstStepSeconds,
        double stepSeconds,
        DoubleUnaryOperator quality,
        int patience) {
      this(name, firstStepSeconds, stepSeconds, quality, patience, null);
    }

    double cost(long step) {
      double stalled = stall == null ? Double.NaN : stall.applyAsDouble(step);
      if (!Double.isNaN(stalled)) {
        return stalled;
      }
      return step < STEPS ? firstStepSeconds : stepSeconds;
    }

    @Override
    public Map<String, Object> settings() {
      return Map.of("curve", name);
    }
  }

  /** A model that only advances the clock; its "quality" is a function of the epochs trained. */
  static final class ClockedModel implements TrainableModel {
    private static final Batch BATCH =
        new Batch() {
          @Override
          public long examples() {
            return 1;
          }

          @Override
          public long seed() {
            return 0;
          }
        };
    private final Fake config;
    private final AtomicLong clock;
    private final BlockOptimizer optimizer =
        new BlockOptimizer(
            Linear.builder().setUnits(1).build(), Device.cpu(), 1e-3f, 0, 0, shape());
    private long steps;

    ClockedModel(Fake config, AtomicLong clock) {
      this.config = config;
      this.clock = clock;
    }

    private static Shape shape() {
      return new Shape(1, 1);
    }

    @Override
    public String name() {
      return config.name();
    }

    @Override
    public List<? extends Batch> epoch(SplittableRandom random) {
      return Collections.nCopies(STEPS, BATCH);
    }

    @Override
    public float step(Batch batch) {
      double cost = config.cost(steps);
      clock.addAndGet((long) (cost * SECOND));
      steps++;
      return 1f;
    }

    @Override
    public UserScorer scorer() {
      double q = config.quality().applyAsDouble(steps / (double) STEPS);
      return (users, phase, out) -> {
        for (int k = 0; k < users.length; k++) {
          Arrays.fill(out[k], 0);
          out[k][split.target(users[k], phase)] = users[k] % 100 < q * 100 ? 1 : -1;
        }
      };
    }

    @Override
    public BlockOptimizer optimizer() {
      return optimizer;
    }

    /** A fork carries on from where the other model is on its curve (its epochs trained). */
    @Override
    public void startFrom(TrainableModel other) {
      TrainableModel.super.startFrom(other);
      steps = ((ClockedModel) other).steps;
    }

    @Override
    public ModelConfig config() {
      return config;
    }

    @Override
    public void close() {
      optimizer.close();
    }
  }

  /** The rule's curve against one alternative, within {@link #BUDGET} seconds on a fake clock. */
  private static SettingsSearch.Result search(Fake rule, Fake alternative) {
    return search(rule, alternative, false);
  }

  /**
   * @param keepsShapes the alternative may carry on from the rule's parameters (a fork)
   */
  private static SettingsSearch.Result search(Fake rule, Fake alternative, boolean keepsShapes) {
    return search(rule, alternative, keepsShapes, false);
  }

  /**
   * @param cheaper the alternative is expected to cost less per epoch (sampled negatives against a
   *     full softmax)
   */
  private static SettingsSearch.Result search(
      Fake rule, Fake alternative, boolean keepsShapes, boolean cheaper) {
    AtomicLong clock = new AtomicLong(1_000 * SECOND);
    SearchSpace<Fake> space =
        new SearchSpace<>(
            rule,
            List.of(
                new Dimension<>(
                    "curve",
                    List.of(
                        new Value<>(rule.name(), c -> rule),
                        new Value<>(alternative.name(), c -> alternative)),
                    keepsShapes,
                    cheaper)));
    return run(space, clock);
  }

  /** The search over {@code space} with the budget, on the fake clock. */
  private static SettingsSearch.Result run(SearchSpace<Fake> space, AtomicLong clock) {
    return new SettingsSearch(
            new Trainer(evaluator, Quiet.progress(), false, clock::get), "fake", 1000, 5)
        .run(
            space,
            c -> new ClockedModel(c, clock),
            clock.get() + (long) (BUDGET * SECOND),
            true,
            true);
  }

  /** The rule's curve against several alternatives, in this order, none a fork, none cheaper. */
  private static SettingsSearch.Result search(Fake rule, List<Fake> alternatives) {
    return curves(rule, alternatives, false);
  }

  /** The rule's curve against alternatives, in this order, forks of it or searched from scratch. */
  private static SettingsSearch.Result curves(Fake rule, List<Fake> alternatives, boolean forks) {
    AtomicLong clock = new AtomicLong(1_000 * SECOND);
    List<Value<Fake>> values = new java.util.ArrayList<>();
    values.add(new Value<>(rule.name(), c -> rule));
    for (Fake a : alternatives) {
      values.add(new Value<>(a.name(), c -> a));
    }
    SearchSpace<Fake> space =
        new SearchSpace<>(rule, List.of(new Dimension<>("curve", values, forks, false)));
    return run(space, clock);
  }

  /** Learns 0.1 per epoch up to 0.9, at 10 s an epoch. */
  static final Fake LEARNS = new Fake("learns", 1, 1, e -> Math.min(0.9, 0.1 * e));

  @Test
  void aSlowFirstEpochDoesNotDecideTheSearchAlone() {
    // the rule's first epoch costs 80 s (a load peak), the next ones 10 s; it sits on a plateau
    Fake plateau = new Fake("plateau", 8, 1, e -> 0.3);
    SettingsSearch.Result r = search(plateau, LEARNS);
    r.model().close();
    SettingsSearch.Start start = r.start();
    // measured at the start alone (the probe: 5% of the budget into the first epoch), 80 s per
    // epoch would have afforded no search: 2 candidates need 3 epochs in 600 / 4 = 150 s
    assertThat(start.probeSecondsPerEpoch()).isGreaterThan(70);
    assertThat(SettingsSearch.candidatesFor(BUDGET, start.probeSecondsPerEpoch(), 2)).isEqualTo(1);
    // re-measured after each epoch: the median of 80, 10, 10, ... is 10 s
    assertThat(start.decision()).isEqualTo(SettingsSearch.SEARCHED);
    assertThat(start.secondsPerEpoch()).isEqualTo(10.0);
    assertThat(start.epochsMeasured()).isGreaterThanOrEqualTo(3);
    assertThat(start.candidates()).isEqualTo(2);
    assertThat(start.firstTurnSeconds()).isEqualTo(BUDGET / 4);
    assertThat(r.method()).contains("successive halving over 2 of 2 candidates");
    assertThat(r.candidate()).isEqualTo("learns");
    assertThat(r.table()).hasSize(2);
    assertThat(r.table().get(0).result()).isEqualTo("discarded after rung 1");
    assertThat(r.table().get(0).seconds()).isBetween(150.0, 160.0); // its first turn, no more
    assertThat(r.table().get(1).bestNdcg10()).isGreaterThan(0.85);
    assertThat(start.toMap())
        .containsEntry("decision", "searched")
        .containsEntry("seconds_per_epoch", 10.0);
  }

  @Test
  void aRuleStillLearningFastKeepsTheWholeBudget() {
    // rising 0.02 per epoch all along: +50% over the last third at its first turn and at half-time
    Fake rising = new Fake("rising", 1, 1, e -> Math.min(0.95, 0.02 * e));
    SettingsSearch.Result r = search(rising, LEARNS);
    r.model().close();
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table()).hasSize(1); // the alternative never took the rule's time
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.STILL_LEARNING_FAST);
    assertThat(r.start().ruleGain()).isGreaterThan(SettingsSearch.STILL_LEARNING);
    assertThat(r.start().firstTurnGain()).isGreaterThan(SettingsSearch.STILL_LEARNING);
    assertThat(r.method()).contains("the rule was still learning fast at the end of its first");
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 1);
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.9);
  }

  @Test
  void aFirstTurnWhoseLastStepRunsPastItsEndIsJudgedOnTime() {
    // 0.7 s steps: the first turn (150 s) ends 0.5 s late, on a steep curve (epochs^4) whose value
    // there is the first within 5% of its best; judged as a late start, no turn could be as long
    // as the rule took to get there, and the rule's first-turn rise would never be looked at
    Fake steep = new Fake("steep", 0.7, 0.7, e -> Math.min(0.95, 1.87e-6 * Math.pow(e, 4)));
    SettingsSearch.Result r = search(steep, LEARNS);
    r.model().close();
    assertThat(r.start().firstTurnGain()).isGreaterThan(SettingsSearch.STILL_LEARNING);
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.STILL_LEARNING_FAST);
    assertThat(r.table()).hasSize(1);
  }

  /**
   * Up to 0.45 in 6 epochs, then a creep to 0.5 at epoch 16: still rising 6% over the last third at
   * its first turn (150 s), levelled off (4%) at 170 s, when the time left still pays for the
   * other's first turn of (600 - 170) / 3 = 143 s, longer than the rule took to come within 5% of
   * its best (110 s).
   */
  static final Fake LEVELS =
      new Fake("levels", 1, 1, e -> Math.min(0.5, e <= 6 ? 0.075 * e : 0.45 + 0.005 * (e - 6)));

  @Test
  void aRuleThatLevelsOffBeforeHalfTimeGetsALateSearchJudgedOnItsBest() {
    SettingsSearch.Result r = search(LEVELS, LEARNS);
    r.model().close();
    SettingsSearch.Start start = r.start();
    assertThat(start.decision()).isEqualTo(SettingsSearch.SEARCHED);
    assertThat(start.ruleSeconds()).isBetween(155.0, 200.0); // past its first turn of 150 s
    assertThat(start.ruleGain()).isLessThanOrEqualTo(SettingsSearch.STILL_LEARNING);
    // late: the rule's training counts as its turn, the other's share what is left (3 turns)
    assertThat(start.firstTurnSeconds())
        .isCloseTo((BUDGET - start.ruleSeconds()) / 3, org.assertj.core.data.Offset.offset(1.0));
    assertThat(r.candidate()).isEqualTo("learns");
    assertThat(r.table().get(0).seconds()).isEqualTo(start.ruleSeconds()); // trained no further
    assertThat(r.table().get(1).seconds()).isGreaterThan(BUDGET - start.ruleSeconds() - 1);
  }

  @Test
  void aLateSearchStaysBehindARuleThatAnAlternativeDoesNotBeat() {
    // the alternative learns, but not past what the rule reached with more time
    Fake weaker = new Fake("weaker", 1, 1, e -> Math.min(0.4, 0.1 * e));
    SettingsSearch.Result r = search(LEVELS, weaker);
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.SEARCHED);
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table().get(1).result()).isEqualTo("discarded after rung 1");
    // the rule lost only the other's first turn
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.table().get(1).seconds() - 1);
  }

  @Test
  void noLateSearchWhoseTurnsAreShorterThanTheRuleTookToGetWhereItIs() {
    // rising 0.025 per epoch to 0.5 at epoch 20 (200 s), flat after: levelled off by ~290 s, but
    // the other's first turn would be (600 - 290) / 3 = 103 s, against the rule's ~190 s to come
    // within 5% of its best: it could not show itself ahead, so the rule keeps the budget
    Fake slow = new Fake("slow", 1, 1, e -> Math.min(0.5, 0.025 * e));
    SettingsSearch.Result r = search(slow, LEARNS);
    r.model().close();
    assertThat(r.table()).hasSize(1);
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.STILL_LEARNING_FAST);
    assertThat(r.start().firstTurnGain()).isGreaterThan(SettingsSearch.STILL_LEARNING);
    assertThat(r.start().ruleGain()).isLessThanOrEqualTo(SettingsSearch.STILL_LEARNING);
    assertThat(r.method()).contains("no search fitted the time left");
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 1);
  }

  /** Rises 0.025 per epoch to 0.5 at epoch 20 (200 s), flat after. */
  static final Fake SLOW = new Fake("slow", 1, 1, e -> Math.min(0.5, 0.025 * e));

  @Test
  void aLevelledRuleIsForkedWhenNoSearchFromScratchFits() {
    // as above, no search from scratch fits once the rule has levelled off (~290 s); a fork needs
    // no time to come where the rule is, and carrying on with its settings goes past the plateau
    Fake better = new Fake("better", 1, 1, e -> Math.min(0.6, 0.025 * e));
    SettingsSearch.Result r = search(SLOW, better, true);
    r.model().close();
    SettingsSearch.Start start = r.start();
    assertThat(start.decision()).isEqualTo(SettingsSearch.FORKED);
    // flat since 200 s: its best rose nothing over the 80 s the forks' turn takes from it
    assertThat(start.forksCostGain()).isLessThanOrEqualTo(SettingsSearch.MAX_FORKS_COST);
    assertThat(start.ruleSeconds()).isBetween(250.0, 350.0);
    // the two share the time left: half of it in their turns, at least 3 epochs each
    assertThat(start.firstTurnSeconds())
        .isCloseTo((BUDGET - start.ruleSeconds()) / 4, org.assertj.core.data.Offset.offset(1.0));
    assertThat(r.candidate()).startsWith("better, from the rule at epoch ");
    assertThat(r.method()).contains("1 alternatives carried on from its parameters");
    assertThat(r.table()).hasSize(2);
    assertThat(r.table().get(0).result()).isEqualTo("discarded after the forks' turn");
    assertThat(r.table().get(0).bestNdcg10()).isLessThan(0.52);
    // the fork started where the rule was (epoch ~29), not from scratch, and went past it
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.58);
    assertThat(r.table().get(0).seconds() + r.table().get(1).seconds()).isGreaterThan(BUDGET - 1);
  }

  @Test
  void aForkThatDoesNotGoPastTheRuleCostsItOnlyTheForksTurn() {
    Fake flat = new Fake("flat", 1, 1, e -> 0.45);
    SettingsSearch.Result r = search(SLOW, flat, true);
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.FORKED);
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table().get(1).result()).isEqualTo("discarded after the forks' turn");
    assertThat(r.table().get(1).seconds()).isCloseTo(r.start().firstTurnSeconds(), offset(1.0));
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.start().firstTurnSeconds() - 1);
  }

  @Test
  void aRuleStillLearningFastIsNotForked() {
    // rising 0.015 per epoch to the deadline (0.9 at epoch 60): +5% over its last 3 epochs at the
    // end, the shortest forks' turn's cost (a rule capped at 0.95 from epoch 47.5 would be flat by
    // then, and a forks' turn of 3 epochs at epoch 51 would cost it nothing: forked)
    Fake rising = new Fake("rising", 1, 1, e -> Math.min(0.95, 0.015 * e));
    SettingsSearch.Result r = search(rising, LEARNS, true);
    r.model().close();
    assertThat(r.table()).hasSize(1);
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.STILL_LEARNING_FAST);
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 1);
  }

  /** The rule against alternatives that all keep its parameters' shapes (forks), in this order. */
  private static SettingsSearch.Result forks(Fake rule, Fake... alternatives) {
    return curves(rule, List.of(alternatives), true);
  }

  /**
   * As the rule on the dense synthetic shape (15 minutes, 2026-12-07 23:52): a fast rise (0.65 at
   * epoch 20, 200 s), then a creep of 0.003 an epoch to the deadline (0.77 at epoch 60). At 300 s
   * its best has risen 4.6% over the last third (0.68 against 0.65), under the 5% that used to
   * start the forks' turn; no search from scratch fits (half the budget is gone).
   */
  static final Fake CREEPS_ON =
      new Fake("creeps on", 1, 1, e -> e <= 20 ? 0.0325 * e : 0.65 + 0.003 * (e - 20));

  @Test
  void aRuleRisingJustUnderTheOldGateIsNotForkedWhileTheForksWouldCostIt() {
    // two forks (as dropout 0.5 and the higher learning rate there) that stay behind
    SettingsSearch.Result r =
        forks(
            CREEPS_ON,
            new Fake("dropout", 1, 1, e -> 0.45),
            new Fake("learning rate", 1, 1, e -> 0.45));
    r.model().close();
    SettingsSearch.Start start = r.start();
    // before: forks at 300 s, 100 s of the rule's training (its last 100 s rose 4.6%), and the
    // rule, kept, ended 0.03 lower; now the forks' cost is judged on the rule's rise over a
    // stretch as long, and that stayed above 1% for as long as a forks' turn fitted
    assertThat(start.decision()).isEqualTo(SettingsSearch.STILL_LEARNING_FAST);
    assertThat(r.table()).hasSize(1);
    assertThat(start.forksCostSeconds()).isPositive();
    assertThat(start.forksCostGain()).isGreaterThan(SettingsSearch.MAX_FORKS_COST);
    assertThat(r.method())
        .contains("forks, while they fitted, would have taken time it still used");
    assertThat(start.toMap()).containsKeys("forks_cost_seconds", "rule_gain_over_forks_cost");
    // the rule alone's training: the whole budget, to where its curve is at the deadline
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 1);
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.76);
  }

  @Test
  void aRuleLevelledAfterTheSameRiseIsStillForked() {
    // the same curve, flat at 0.68 from epoch 30: forked once flat over the forks' cost, and a
    // fork that carries on rising goes past it
    Fake levels =
        new Fake(
            "levels", 1, 1, e -> e <= 20 ? 0.0325 * e : Math.min(0.68, 0.65 + 0.003 * (e - 20)));
    Fake better = new Fake("better", 1, 1, CREEPS_ON.quality());
    SettingsSearch.Result r = forks(levels, better, new Fake("flat", 1, 1, e -> 0.45));
    r.model().close();
    SettingsSearch.Start start = r.start();
    assertThat(start.decision()).isEqualTo(SettingsSearch.FORKED);
    assertThat(start.candidates()).isEqualTo(3);
    assertThat(start.ruleSeconds()).isBetween(300.0, 400.0);
    assertThat(start.forksCostGain()).isLessThanOrEqualTo(SettingsSearch.MAX_FORKS_COST);
    assertThat(start.forksCostSeconds()).isEqualTo(2 * start.firstTurnSeconds(), offset(1e-9));
    assertThat(r.method())
        .contains("levelled off: its best validation NDCG@10 +0.0% over its last");
    assertThat(r.candidate()).startsWith("better, from the rule at epoch ");
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.72);
  }

  @Test
  void aForksTurnFitsOnlyWhenEveryOneGetsThreeEpochs() {
    // 2 forks and the rule: 3 turns of 3 epochs of 10 s need 90 s
    assertThat(SettingsSearch.forkTurnSeconds(89, 10, 2)).isEqualTo(-1);
    assertThat(SettingsSearch.forkTurnSeconds(90, 10, 2)).isEqualTo(30);
    // with more time, turns of half the time left shared: 600 / 6
    assertThat(SettingsSearch.forkTurnSeconds(600, 10, 2)).isEqualTo(100);
    assertThat(SettingsSearch.forkTurnSeconds(600, 10, 0)).isEqualTo(-1);
  }

  @Test
  void aWinnerThatStopsEarlyLeavesItsTimeToTheRunnerUp() {
    // as the last 50 items against the last 200 on MovieLens-100K: 4 times cheaper per epoch, the
    // alternative leads at equal time, then levels off lower and stops early after 37.5 s; the
    // rule (+3% over the last third at its first turn, 150 s) creeps on to 0.6 at epoch 56
    Fake creeps =
        new Fake("creeps", 1, 1, e -> e <= 6 ? 0.075 * e : Math.min(0.6, 0.45 + 0.003 * (e - 6)));
    Fake cheap = new Fake("cheap", 0.25, 0.25, e -> Math.min(0.5, 0.1 * e), 10);
    SettingsSearch.Result r = search(creeps, cheap);
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.SEARCHED);
    SettingsSearch.Row rule = r.table().get(0);
    SettingsSearch.Row other = r.table().get(1);
    assertThat(rule.bestAfterRung().get(0)).isLessThan(other.bestAfterRung().get(0));
    assertThat(other.seconds()).isLessThan(40); // stopped early within its first turn
    // the time it left went to the rule, which went past it
    assertThat(r.method()).contains("cheap stopped early with").contains("so rule trained on");
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.58);
    assertThat(rule.seconds()).isGreaterThan(BUDGET - other.seconds() - 1);
    assertThat(other.result()).isEqualTo("behind rule, resumed");
  }

  @Test
  void aForkWithinTheMarginOfTheRulesBestDoesNotReplaceIt() {
    // 2% ahead of the rule's plateau: within what noise moves a best on a small data set
    Fake close = new Fake("close", 1, 1, e -> Math.min(0.51, 0.025 * e));
    SettingsSearch.Result r = search(SLOW, close, true);
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.FORKED);
    assertThat(r.table().get(1).bestNdcg10()).isGreaterThan(r.table().get(0).bestNdcg10());
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table().get(1).result()).isEqualTo("discarded after the forks' turn");
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.start().firstTurnSeconds() - 1);
  }

  /**
   * As the full softmax over 11,818 items on the long-tail shape: 200 s an epoch in a 600 s budget
   * (there: 278 s in 900 s), on popularity's plateau. Neither a search (2 first turns of 3 epochs
   * in 150 s) nor a forks' turn fits at its speed.
   */
  static final Fake TOO_SLOW_RULE = new Fake("full softmax", 20, 20, e -> 0.3);

  @Test
  void aRuleTooSlowForAnySearchIsComparedWithItsCheaperAlternativeInItsOwnEpochs() {
    // the cheaper alternative (as 2,048 sampled negatives: 10 s an epoch) learns
    SettingsSearch.Result r = search(TOO_SLOW_RULE, LEARNS, true, true);
    r.model().close();
    SettingsSearch.Start start = r.start();
    assertThat(start.decision()).isEqualTo(SettingsSearch.SEARCHED_PER_MINUTE);
    assertThat(start.perMinute()).isTrue();
    assertThat(start.secondsPerEpoch()).isGreaterThan(150); // the rule's: no plan at its speed
    assertThat(start.cheaperSecondsPerEpoch()).isEqualTo(10.0);
    assertThat(start.candidates()).isEqualTo(2);
    assertThat(start.firstTurnSeconds()).isEqualTo(BUDGET / 4);
    assertThat(start.toMap())
        .containsEntry("decision", "searched per minute")
        .containsEntry("cheaper_seconds_per_epoch", 10.0);
    assertThat(r.method()).contains("the rule and its cheaper alternative (learns)");
    assertThat(r.candidate()).isEqualTo("learns");
    assertThat(r.table()).hasSize(2);
    // the rule had its first turn (its measurement counted in it), no more
    assertThat(r.table().get(0).result()).isEqualTo("discarded after rung 1");
    assertThat(r.table().get(0).seconds()).isBetween(150.0, 170.0);
    // the winner: its first turn, then the rest of the budget
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.table().get(0).seconds() - 1);
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.85);
  }

  /**
   * The rule of {@link #LEARNS}' speed (10 s an epoch) on popularity's plateau, but its second step
   * stalls for 40 s (a load peak, a first allocation): what the long-tail file's probe saw at
   * 17:44, where 4 steps of 32 put the rule's epoch at 1,152 s and complete epochs took 39-64 s.
   */
  static final Fake STALLS_ONCE =
      new Fake("full softmax", 1, 1, e -> 0.3, 1000, step -> step == 1 ? 40 : Double.NaN);

  @Test
  void aStallInTheFirstStepsDoesNotMakeTheRuleLookTooSlowForAnySearch() {
    SettingsSearch.Result r = search(STALLS_ONCE, LEARNS, true, true);
    r.model().close();
    SettingsSearch.Start start = r.start();
    // the probe (30 s) ended after the stall, with one step past the warm-up measured (the stall:
    // 400 s an epoch, as before); the measurement went on to 8 such steps and left the stall out
    assertThat(start.probeSecondsPerEpoch()).isEqualTo(10.0, offset(1e-6));
    assertThat(start.cheaperSecondsPerEpoch()).isNaN(); // the cheaper path was not needed
    assertThat(start.decision()).isEqualTo(SettingsSearch.SEARCHED);
    assertThat(r.candidate()).isEqualTo("learns");
  }

  @Test
  void theEstimateLeavesStallsOutAndFollowsTheExamplesNotTheSteps() {
    // a stall among steps of 1 s per 100 examples: left out
    List<double[]> stalled = new java.util.ArrayList<>();
    stalled.add(new double[] {40, 100});
    for (int k = 0; k < 7; k++) {
      stalled.add(new double[] {1, 100});
    }
    assertThat(Trainer.estimateSecondsPerExample(stalled)).isEqualTo(0.01, offset(1e-12));
    // uniformly slow steps (a loaded machine) are the speed, kept whole
    List<double[]> slow = Collections.nCopies(8, new double[] {8, 100});
    assertThat(Trainer.estimateSecondsPerExample(slow)).isEqualTo(0.08, offset(1e-12));
    // long batches first (sortish batching in a shuffled order): a step's seconds follow its
    // examples, so the rate is exact whatever the batches measured
    List<double[]> lengths =
        List.of(new double[] {2.0, 200}, new double[] {1.5, 150}, new double[] {0.1, 10});
    assertThat(Trainer.estimateSecondsPerExample(lengths)).isEqualTo(0.01, offset(1e-12));
  }

  @Test
  void aCheaperAlternativeThatLearnsLessPerMinuteLeavesTheRuleItsBudgetAfterTheFirstTurns() {
    // the rule climbs slowly per epoch but more per minute than the cheap one, which stays low
    Fake slowButGood = new Fake("full softmax", 20, 20, e -> Math.min(0.9, 0.3 * e));
    Fake cheapButWeak = new Fake("sampled", 1, 1, e -> Math.min(0.1, 0.01 * e));
    SettingsSearch.Result r = search(slowButGood, cheapButWeak, true, true);
    r.model().close();
    assertThat(r.start().perMinute()).isTrue();
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table().get(1).result()).isEqualTo("discarded after rung 1");
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.table().get(1).seconds() - 1);
  }

  @Test
  void aTooSlowRuleTrainsAloneWhenItsAlternativeIsNotExpectedCheaper() {
    // the same speeds, but the dimension is not marked cheaper (dropout, the learning rate): as
    // before, nothing fits at the rule's speed and it keeps the budget, nothing else measured
    SettingsSearch.Result r = search(TOO_SLOW_RULE, LEARNS, true, false);
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.TOO_SLOW);
    assertThat(r.start().cheaperSecondsPerEpoch()).isNaN();
    assertThat(r.table()).hasSize(1);
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 1);
  }

  @Test
  void aCheaperAlternativeTooSlowForThreeEpochsCostsTheRuleOnlyItsMeasurement() {
    // 60 s an epoch: 3 of them (180 s) do not fit a first turn of 150 s
    Fake notCheapEnough = new Fake("sampled", 6, 6, e -> Math.min(0.9, 0.1 * e));
    SettingsSearch.Result r = search(TOO_SLOW_RULE, notCheapEnough, true, true);
    r.model().close();
    SettingsSearch.Start start = r.start();
    assertThat(start.decision()).isEqualTo(SettingsSearch.TOO_SLOW);
    assertThat(start.cheaperSecondsPerEpoch()).isEqualTo(60.0);
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(r.table()).hasSize(2);
    assertThat(r.table().get(1).result()).startsWith("measured only: 60.0 s per epoch");
    // its measurement: a probe of 5% of the budget (30 s: 5 steps, 4 past the warm-up), then on to
    // 8 steps past the warm-up (4 more, 24 s)
    assertThat(r.table().get(1).seconds()).isEqualTo(54.0, offset(1e-6));
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - r.table().get(1).seconds() - 1);
  }

  @Test
  void theGateDecidesFromTheSpeedsMeasuredOnEachShape() {
    // long-tail shape, 15 minutes (2026-12-07 14:47): the rule's full softmax 278 s an epoch at its
    // first look (45 s in), 8 candidates and 3 forks in its space: no search, no forks' turn
    assertThat(SettingsSearch.tooSlowForAnySearch(45, 855, 278, 45, 8, 3)).isTrue();
    // 2,048 sampled negatives alone: 45 s an epoch, so a quarter of the budget buys 5 of them
    assertThat(SettingsSearch.cheaperPlan(900, 45)).isEqualTo(new SettingsSearch.Plan(2, 225));
    // ... which they would not at 76 s an epoch or more
    assertThat(SettingsSearch.cheaperPlan(900, 76)).isNull();
    // sparse quarter, 20 minutes (14:24): the full softmax at 34-47 s an epoch; a search over 2
    // fits at the rule's own speed, as before: nothing else is measured
    assertThat(SettingsSearch.tooSlowForAnySearch(47, 1153, 47, 47, 8, 3)).isFalse();
    assertThat(SettingsSearch.plan(47, 1153, 47, 47, 8)).isEqualTo(new SettingsSearch.Plan(2, 300));
    // MovieLens-100K, 20 minutes: a first epoch of 49.5 s (11:59), or 74 s on a load peak (00:12),
    // median 22.9 s: a search fits; and on its 1,349 items there is no cheaper alternative at all
    assertThat(SettingsSearch.tooSlowForAnySearch(49.5, 1150.5, 49.5, 49.5, 8, 2)).isFalse();
    assertThat(SettingsSearch.tooSlowForAnySearch(60, 1140, 74, 60, 8, 2)).isFalse();
    // dense shape, 15 minutes: 10 s an epoch
    assertThat(SettingsSearch.tooSlowForAnySearch(10, 890, 10, 10, 8, 2)).isFalse();
  }

  /**
   * As the rule on MovieLens-100K (2.6 s an epoch, 15 minutes): a quick rise to 0.375 in 3 epochs,
   * then a slow creep (+2.6% over the last third at its first turn of 50 s, so the search starts on
   * time over 4), on to 0.6 at epoch 53: behind at equal time, higher when trained on.
   */
  static final Fake CREEPS =
      new Fake("creeps", 1, 1, e -> e <= 3 ? 0.125 * e : Math.min(0.6, 0.375 + 0.0045 * (e - 3)));

  /** Leads at every rung, levels off at {@code cap} by epoch 4 and stops early at epoch 14. */
  static Fake leadsThenStops(double cap) {
    return new Fake("leads", 1, 1, e -> Math.min(cap, 0.14 * e), 10);
  }

  /** Ahead of the rule at rung 1, behind the leader at rung 2: the last rung's runner-up. */
  static final Fake MIDDLE = new Fake("middle", 1, 1, e -> Math.min(0.42, 0.14 * e));

  static final Fake FLAT = new Fake("flat", 1, 1, e -> 0.2);

  @Test
  void aRuleDiscardedEarlyThatGoesPastTheWinnerInTheTimeItLeftIsChosen() {
    // rung 1 (50 s each): leads 0.46, middle 0.42, the rule 0.384, flat 0.2; rung 2 (to 150 s):
    // leads ahead of middle, and it stops early at 140 s (epoch 14), leaving 210 s: before, they
    // went to middle (0.42 for good) and leads was exported at 0.46; now the rule trains on from
    // its 50 s to 0.48 (epoch 26)
    SettingsSearch.Result r = search(CREEPS, List.of(leadsThenStops(0.46), MIDDLE, FLAT));
    r.model().close();
    assertThat(r.start().decision()).isEqualTo(SettingsSearch.SEARCHED);
    assertThat(r.start().candidates()).isEqualTo(4);
    SettingsSearch.Row rule = r.table().get(0);
    assertThat(rule.bestAfterRung().get(0)).isLessThan(r.table().get(2).bestAfterRung().get(0));
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
    assertThat(rule.result())
        .startsWith("chosen; ")
        .contains("discarded after rung 1; resumed for the 210 s left");
    assertThat(rule.seconds()).isGreaterThan(BUDGET - 390 - 1); // its 50 s and the 210 s left
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.47);
    assertThat(r.method())
        .contains("leads stopped early with 210 s left, so rule trained on from 50 s")
        .contains("the rule kept: its best validation NDCG@10 0.48")
        .contains("against 0.4600 of leads (another replaces the rule");
    assertThat(r.table().get(1).result()).isEqualTo("behind rule, resumed");
    // the rule stopped no earlier than the deadline: middle got no time after the winner
    assertThat(r.table().get(2).result()).isEqualTo("discarded after rung 2");
    assertThat(r.table().get(2).seconds()).isEqualTo(150.0, offset(1e-6));
  }

  @Test
  void aWinnerWithinTheMarginOfTheRuleTrainedOnDoesNotReplaceIt() {
    // leads levels off at 0.49, 2% past the rule's 0.48 after the 210 s: noise on a small data
    // set, and the rule's settings are the published ones
    SettingsSearch.Result r = search(CREEPS, List.of(leadsThenStops(0.49), MIDDLE, FLAT));
    r.model().close();
    assertThat(r.table().get(1).bestNdcg10()).isGreaterThan(r.table().get(0).bestNdcg10());
    assertThat(r.table().get(1).bestNdcg10())
        .isLessThan(r.table().get(0).bestNdcg10() * (1 + SettingsSearch.RULE_MARGIN));
    assertThat(r.candidate()).isEqualTo(SearchSpace.START);
  }

  @Test
  void aWinnerClearlyPastTheRuleTrainedOnStays() {
    // leads levels off at 0.6, 25% past where the rule gets in the time it left
    SettingsSearch.Result r = search(CREEPS, List.of(leadsThenStops(0.6), MIDDLE, FLAT));
    r.model().close();
    assertThat(r.candidate()).isEqualTo("leads");
    assertThat(r.outcome().bestNdcg10()).isGreaterThan(0.59);
    SettingsSearch.Row rule = r.table().get(0);
    assertThat(rule.result()).startsWith("discarded after rung 1; resumed for the");
    assertThat(rule.bestNdcg10()).isBetween(0.45, 0.5);
    assertThat(r.method())
        .contains("leads kept: its best validation NDCG@10 0.6000, more than 3% past the rule's");
  }

  @Test
  void aRuleDiscardedEarlyGetsNoTimeFromAWinnerThatTrainsToTheEnd() {
    // leads never stops early: the budget is its, the rule is closed at the end as it was
    Fake leadsOn = new Fake("leads", 1, 1, e -> Math.min(0.6, 0.14 * e));
    SettingsSearch.Result r = search(CREEPS, List.of(leadsOn, MIDDLE, FLAT));
    r.model().close();
    assertThat(r.candidate()).isEqualTo("leads");
    assertThat(r.table().get(0).result()).isEqualTo("discarded after rung 1");
    assertThat(r.table().get(0).seconds()).isEqualTo(50.0, offset(1e-6));
    assertThat(r.outcome().seconds()).isGreaterThan(BUDGET - 250 - 1);
  }
}
