package io.overdrive.training.search;

import io.overdrive.training.TrainableModel;
import io.overdrive.training.Trainer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses a model's settings on the validation split within its training budget, by successive
 * halving (Jamieson and Talwalkar 2016; Li et al., Hyperband, 2018) with resumption: n candidates
 * each train for an equal share of the first rung's time, the better half (by best validation
 * NDCG@10 so far) go on training from where they were, and so on until one is left, which trains on
 * until early stopping or the end of the budget. Nothing is trained twice: the winner's training is
 * the one that is exported.
 *
 * <p>With a time budget the rule's settings train first, and the search decides when, and whether,
 * the others get their turns from the rule's own training, re-measured after each of its epochs
 * ({@link #plan}): n is the largest power of two (at most {@link #MAX_CANDIDATES}) whose first
 * turns still buy {@link #MIN_FIRST_TURN_EPOCHS} epochs at the rule's median epoch so far, and the
 * others start once the rule has had its own first turn, unless the rule is still learning fast
 * ({@link #STILL_LEARNING}): the time is then worth more to it than to a search, and it trains on.
 * When no search from scratch fits (by half the budget at the latest) and the rule has levelled off
 * (its best rose at most {@link #MAX_FORKS_COST} over its last stretch as long as the time the
 * forks' turn would take from it), the settings that keep the parameters' shapes are tried as forks
 * of the rule ({@link #forkTurn}); when the rule is too slow an epoch for either, its first
 * alternative, when that is expected to be cheaper per epoch (sampled negatives against a full
 * softmax), is measured and compared with it at equal time, its turn counted in its own epochs
 * ({@link #cheaperPlan}); when none fits, the rule's settings train alone. A winner that stops
 * early with time left hands it to the runners-up ({@link #resumeRunnersUp}). Without a time
 * budget, rungs are counted in epochs (the first turn {@link #MIN_FIRST_TURN_EPOCHS} epochs) and
 * the search runs when the epoch limit leaves room for it.
 */
public final class SettingsSearch {
  /** Epochs every candidate's first turn must buy (at the first candidate's speed). */
  static final int MIN_FIRST_TURN_EPOCHS = 3;

  static final int MAX_CANDIDATES = 8;

  /**
   * Share of the budget the first candidate may use to measure its speed (at most one epoch); the
   * time counts towards its first turn.
   */
  static final double PROBE_SHARE = 0.05;

  /**
   * Steps past the first epoch's warm-up that a measurement within the first epoch waits for, when
   * the probe ends with fewer (and the epoch goes on): the estimate leaves stalls out only among
   * several steps. On the long-tail file the probe of a 10-minute budget saw 4 steps of 32 and put
   * the rule's epoch at 1,152 s; complete epochs took 39-64 s.
   */
  static final int MIN_ESTIMATE_STEPS = 8;

  /** Share of the budget a measurement may take, waiting for {@link #MIN_ESTIMATE_STEPS}. */
  static final double MAX_PROBE_SHARE = 0.15;

  /**
   * A rule whose best validation NDCG@10 rose by more than this share over the last third of its
   * training is still learning fast: the others' first turns would take time it still uses (on the
   * dense synthetic shape a quarter of the budget cost the rule 8% of full HR@20), so the search
   * waits. At the end of the rule's first turn the dense shape's rule had risen 107%, the sparse
   * shape's full softmax 0.7% (on a plateau, where the search found a better setting); on 943 users
   * the noise moves a best by 1-3%.
   */
  public static final double STILL_LEARNING = 0.05;

  public static final String SEARCHED = "searched";

  /** A search over the rule, too slow for any other, and its cheaper alternative. */
  public static final String SEARCHED_PER_MINUTE = "searched per minute";

  public static final String TOO_SLOW = "too slow";
  public static final String STILL_LEARNING_FAST = "still learning";
  public static final String FORKED = "forked";

  /**
   * How far past the rule's best a fork must go to replace it: on 943 users validation NDCG@10
   * moves by 1-3% between epochs of a levelled curve, and the rule's settings are the published
   * ones for the data's shape. Measured on MovieLens-100K: a fork 0.3% ahead (0.4170 against
   * 0.4159, noise) replaced a rule that, alone, went on to 0.4406.
   */
  static final double FORK_MARGIN = 0.03;

  /**
   * How far past the rule's kept best a winner must be to stay when the rule, discarded by the
   * halving, trained on in the time the winner left by stopping early ({@link #resumeRunnersUp});
   * likewise a runner-up that trained on after the rule, the winner, stopped early: the same 3% as
   * {@link #FORK_MARGIN}, for the same reason. Both have then trained to their end (or the
   * deadline), so the rung's equal-time comparison, which discarded a rule slower to rise, no
   * longer holds, and a difference under what noise moves a levelled best is no evidence against
   * the published settings. Measured on MovieLens-100K (2.6 s an epoch, 15 minutes): the rule,
   * discarded at rung 2 after 83 s, alone goes on to epoch 60 and 0.4402, the winner (a 3e-3
   * learning rate) stopped at 0.4396 with 455 s left, and lost 0.8% sampled HR@10 and 2.9% full
   * HR@20 on test. Rungs themselves have no margin: they compare equal training time, and a margin
   * there would keep the rule in turns the alternatives need, where it is clearly behind.
   */
  static final double RULE_MARGIN = 0.03;

  /**
   * The most the rule's best validation NDCG@10 may have risen over its last C seconds of training,
   * C the time a forks' turn would take from it (the forks' turns: the rule trains in its own), for
   * that turn to start. On a curve that flattens, the rule gains less in any later C seconds than
   * in its last C, so this bounds what the turn costs it, wherever the time is taken; 1% is the low
   * end of what noise moves a levelled best on 943 users (1-3%), so a search that keeps the rule
   * ends no measurably lower than the rule alone. Before, a forks' turn started once the rule's
   * best rose at most {@link #STILL_LEARNING} over the last third of its training: on the dense
   * synthetic shape (15 minutes) the rule, at +4.6% over its last third at 359 s, rose 8.8% over
   * the 178 s the forks then took, went on rising to the deadline, and the search ended 2.5% of
   * full HR@20 below the rule alone.
   */
  public static final double MAX_FORKS_COST = 0.01;

  /** Most forks in the forks' turn (the rule's time they take grows with their number). */
  static final int MAX_FORKS = 3;

  /** A search that fits the time left: n candidates with first turns of equal length. */
  record Plan(int candidates, double firstTurnSeconds) {}

  /**
   * How the search's start was decided (time budgets), from what was measured on the rule's own
   * training.
   *
   * @param probeSecondsPerEpoch the first measurement: the rule's first epoch, or 5% of the budget
   *     and on to {@link #MIN_ESTIMATE_STEPS} steps past the epoch's warm-up (15% at most)
   * @param secondsPerEpoch the median of the rule's epochs when it was decided
   * @param epochsMeasured complete epochs behind that median
   * @param ruleSeconds the rule's training when it was decided
   * @param ruleGain the rise of the rule's best validation NDCG@10 over the last third of that
   * @param firstTurnGain the same rise at the end of the rule's first turn, when the search was due
   *     on time (NaN if the rule never got there)
   * @param decision {@link #SEARCHED}, {@link #SEARCHED_PER_MINUTE}, {@link #FORKED}, {@link
   *     #TOO_SLOW} or {@link #STILL_LEARNING_FAST}
   * @param candidates how many candidates the search took (1: none; forks: the rule and its forks)
   * @param firstTurnSeconds each candidate's first turn (forks: their one turn), or -1
   * @param cheaperSecondsPerEpoch the first alternative's seconds per epoch when it was measured
   *     because the rule was too slow for any search ({@link #cheaperPlan}), else NaN
   * @param forksCostSeconds at the last look where a forks' turn fitted the time left, the rule's
   *     training it would take (its forks' turns), else NaN
   * @param forksCostGain the rise of the rule's best validation NDCG@10 over its last {@code
   *     forksCostSeconds} of training then ({@link #MAX_FORKS_COST}), else NaN
   */
  public record Start(
      double probeSecondsPerEpoch,
      double secondsPerEpoch,
      int epochsMeasured,
      double ruleSeconds,
      double ruleEpochs,
      double ruleGain,
      double firstTurnGain,
      String decision,
      int candidates,
      double firstTurnSeconds,
      double cheaperSecondsPerEpoch,
      double forksCostSeconds,
      double forksCostGain) {
    /** The manifest's {@code search.start} entry. */
    public Map<String, Object> toMap() {
      Map<String, Object> m =
          Settings.of(
              "decision", decision,
              "probe_seconds_per_epoch", round(probeSecondsPerEpoch, 100),
              "seconds_per_epoch", round(secondsPerEpoch, 100),
              "epochs_measured", epochsMeasured,
              "rule_seconds", round(ruleSeconds, 10),
              "rule_epochs", round(ruleEpochs, 100),
              "rule_gain_last_third", round(ruleGain, 10_000),
              "candidates", candidates);
      if (!Double.isNaN(firstTurnGain)) {
        m.put("rule_gain_at_first_turn", round(firstTurnGain, 10_000));
      }
      if (firstTurnSeconds >= 0) {
        m.put("first_turn_seconds", round(firstTurnSeconds, 10));
      }
      if (!Double.isNaN(cheaperSecondsPerEpoch)) {
        m.put("cheaper_seconds_per_epoch", round(cheaperSecondsPerEpoch, 100));
      }
      if (!Double.isNaN(forksCostSeconds)) {
        m.put("forks_cost_seconds", round(forksCostSeconds, 10));
        m.put("rule_gain_over_forks_cost", round(forksCostGain, 10_000));
      }
      return m;
    }

    /** The search compared the rule with its cheaper alternative, each in its own epochs. */
    public boolean perMinute() {
      return decision.equals(SEARCHED_PER_MINUTE);
    }

    private static Object round(double v, double scale) {
      return Double.isFinite(v) ? Math.round(v * scale) / scale : String.valueOf(v);
    }
  }

  /** One candidate's line in the search table. */
  public record Row(
      String candidate,
      Map<String, Object> settings,
      int turns,
      double epochs,
      double seconds,
      double bestNdcg10,
      List<Double> bestAfterRung,
      String result) {}

  /**
   * What the search chose and how.
   *
   * @param model the winner, trained, with its best parameters restored (the caller closes it)
   * @param outcome the winner's training, all turns included
   * @param method how the settings were chosen, in words
   * @param searched names of the dimensions that had more than one value
   * @param start how the start was decided (time budgets with something to search), or null
   */
  public record Result(
      TrainableModel model,
      Trainer.Outcome outcome,
      String candidate,
      String method,
      List<String> searched,
      List<Row> table,
      Start start) {}

  private final Trainer trainer;
  private final String name;
  private final int maxEpochs;
  private final long seed;

  /**
   * @param name the model's name, for the progress lines
   */
  public SettingsSearch(Trainer trainer, String name, int maxEpochs, long seed) {
    this.trainer = trainer;
    this.name = name;
    this.maxEpochs = maxEpochs;
    this.seed = seed;
  }

  private final class Entry<C> {
    final SearchSpace.Candidate<C> candidate;
    final Function<C, TrainableModel> builder;
    Trainer.Session session;
    final List<Double> bestAfterRung = new ArrayList<>();
    String result = "";
    boolean resumed; // trained on in the time the winner left

    Entry(SearchSpace.Candidate<C> candidate, Function<C, TrainableModel> builder) {
      this.candidate = candidate;
      this.builder = builder;
    }

    Trainer.Session session() {
      if (session == null) {
        String label =
            candidate.label().equals(SearchSpace.START)
                ? name
                : name + " [" + candidate.label() + "]";
        TrainableModel model = builder.apply(candidate.config());
        session = trainer.start(model, label, maxEpochs, model.config().patience(), seed);
      }
      return session;
    }

    double best() {
      return session == null ? Double.NEGATIVE_INFINITY : session.best();
    }

    Row row() {
      Trainer.Session s = session;
      return new Row(
          candidate.label(),
          s == null ? Map.of() : s.model().config().settings(),
          bestAfterRung.size(),
          s == null ? 0 : s.epochs(),
          s == null ? 0 : s.seconds(),
          best(),
          List.copyOf(bestAfterRung),
          result);
    }
  }

  /**
   * Searches {@code space} within the time left until {@code deadlineNanos} (or, when {@code timed}
   * is false, by epochs).
   *
   * @param enabled false trains the rule's settings alone (the user turned the search off)
   */
  public <C> Result run(
      SearchSpace<C> space,
      Function<C, TrainableModel> builder,
      long deadlineNanos,
      boolean timed,
      boolean enabled) {
    long start = trainer.now();
    double totalSeconds = (deadlineNanos - start) / 1e9;
    List<SearchSpace.Candidate<C>> all =
        space.candidates(enabled ? Math.min(MAX_CANDIDATES, space.size()) : 1);
    List<SearchSpace.Candidate<C>> forks =
        enabled && timed ? space.forks().stream().limit(MAX_FORKS).toList() : List.of();
    List<Entry<C>> entries = new ArrayList<>();
    entries.add(new Entry<>(all.get(0), builder));
    // the first alternative, measured early when the rule is too slow for any search and this one
    // is expected to be cheaper per epoch
    Entry<C> second = all.size() > 1 ? new Entry<>(all.get(1), builder) : null;
    String why = "";
    int n = 1;
    double firstTurn = -1; // seconds (timed)
    Start started = null;
    if (all.size() < 2) {
      why = enabled ? "nothing to search (every setting fixed or one-valued)" : "search off";
    } else if (timed) {
      started =
          startTimed(
              entries.get(0).session(),
              space.firstAlternativeCheaper() ? second : null,
              start,
              deadlineNanos,
              all.size(),
              forks.size());
      n = started.decision().equals(FORKED) ? 1 : started.candidates();
      firstTurn = started.firstTurnSeconds();
      if (started.decision().equals(TOO_SLOW)) {
        why =
            String.format(
                Locale.ROOT,
                "budget too small to search: %.0f s, %.1f s per epoch of the rule's settings"
                    + " (the median of %d; the first %.1f s)",
                totalSeconds,
                started.secondsPerEpoch(),
                started.epochsMeasured(),
                started.probeSecondsPerEpoch());
      } else if (started.decision().equals(STILL_LEARNING_FAST)) {
        why =
            String.format(
                Locale.ROOT,
                "the rule was still learning fast at the end of its first turn (its best"
                    + " validation NDCG@10 +%.0f%% over the last third of its training), so it"
                    + " trained on; after %.0f s (+%.1f%% then) no search fitted the time left",
                100 * started.firstTurnGain(),
                started.ruleSeconds(),
                100 * started.ruleGain());
        if (!Double.isNaN(started.forksCostSeconds())) {
          why +=
              String.format(
                  Locale.ROOT,
                  ", and forks, while they fitted, would have taken time it still used (the last"
                      + " time %.0f s of its training, its best +%.1f%% over its last %.0f s, more"
                      + " than %.0f%%)",
                  started.forksCostSeconds(),
                  100 * started.forksCostGain(),
                  started.forksCostSeconds(),
                  100 * MAX_FORKS_COST);
        }
      }
    } else {
      n = candidatesForEpochs(maxEpochs, all.size());
      if (n == 1) {
        why = "epoch limit too small to search (" + maxEpochs + ")";
      }
    }
    for (int k = 1; k < n; k++) {
      entries.add(k == 1 ? second : new Entry<>(all.get(k), builder));
    }
    List<Row> probedOnly = new ArrayList<>();
    if (second != null && second.session != null && n < 2) {
      // measured, but too slow as well (or forks chose): it takes no more of the rule's time
      second.result =
          String.format(
              Locale.ROOT,
              "measured only: %.1f s per epoch, too slow for %d epochs in a first turn",
              started.cheaperSecondsPerEpoch(),
              MIN_FIRST_TURN_EPOCHS);
      second.session.finish(second.result);
      second.session.model().close();
      probedOnly.add(second.row());
    }
    boolean forked = started != null && started.decision().equals(FORKED);
    List<Entry<C>> ranked =
        forked
            ? forkTurn(entries, forks, builder, firstTurn, deadlineNanos)
            : halve(entries, firstTurn, deadlineNanos);
    Entry<C> first = ranked.get(0);
    first.session().advance(deadlineNanos, Double.POSITIVE_INFINITY);
    if (n > 1 || forked) {
      first.bestAfterRung.add(first.best());
    }
    // by epochs, each candidate has its own limit: no time is left over to hand on
    String resumed = timed ? resumeRunnersUp(ranked, deadlineNanos) : "";
    Entry<C> rule = entries.get(0);
    Entry<C> winner = choose(ranked, rule);
    Entry<C> other = bestOther(ranked, rule);
    if ((rule == ranked.get(0) || rule.resumed) && other != null) {
      // the rule against another, after one or both trained on in the time left
      resumed +=
          winner == rule
              ? String.format(
                  Locale.ROOT,
                  "; the rule kept: its best validation NDCG@10 %.4f against %.4f of %s (another"
                      + " replaces the rule, when both trained on, only %.0f%% past it)",
                  rule.session().keptBest(),
                  other.session().keptBest(),
                  other.candidate.label(),
                  100 * RULE_MARGIN)
              : String.format(
                  Locale.ROOT,
                  "; %s kept: its best validation NDCG@10 %.4f, more than %.0f%% past the rule's"
                      + " %.4f",
                  other.candidate.label(),
                  other.session().keptBest(),
                  100 * RULE_MARGIN,
                  rule.session().keptBest());
    }
    for (Entry<C> e : ranked) {
      if (e != winner) {
        if (e.result.isEmpty()) {
          e.result = "behind " + winner.candidate.label() + ", resumed";
        }
        e.session.finish(e.result);
        e.session.model().close();
      }
    }
    Trainer.Session s = winner.session();
    Trainer.Outcome outcome = s.finish();
    winner.result =
        "chosen; " + outcome.stop() + (winner.resumed ? " (" + winner.result + ")" : "");
    String method;
    if (forked) {
      method =
          String.format(
              Locale.ROOT,
              "forks of the rule after its first %.0f s (%.1f epochs, %s, where no search from"
                  + " scratch fitted the time left): %d alternatives carried on from its"
                  + " parameters beside it, %.0f s each at %.1f s per epoch (the median of %d),"
                  + " the best by validation NDCG@10 trained on (a fork only %.0f%% past the"
                  + " rule's best)",
              started.ruleSeconds(),
              started.ruleEpochs(),
              started.forksCostGain() <= MAX_FORKS_COST
                  ? String.format(
                      Locale.ROOT,
                      "levelled off: its best validation NDCG@10 +%.1f%% over its last %.0f s, the"
                          + " time the forks' turn takes from it (at most %.0f%%)",
                      100 * started.forksCostGain(),
                      started.forksCostSeconds(),
                      100 * MAX_FORKS_COST)
                  : "stopped early",
              forks.size(),
              firstTurn,
              started.secondsPerEpoch(),
              started.epochsMeasured(),
              100 * FORK_MARGIN);
    } else if (n == 1) {
      method = "the rule's settings alone: " + why;
    } else if (timed && started.perMinute()) {
      method =
          String.format(
              Locale.ROOT,
              "successive halving over the rule and its cheaper alternative (%s) in %d rungs"
                  + " (%.0f s), each turn counted in its own epochs: the rule's %.1f s per epoch"
                  + " (measured in its first %.0f s) bought 3 epochs in no search's first turn,"
                  + " its alternative, measured next, %.1f s per epoch, buys %.1f in first turns of"
                  + " %.0f s; judged at equal time, the one that learns most per minute",
              all.get(1).label(),
              rungs(n),
              totalSeconds,
              started.secondsPerEpoch(),
              started.ruleSeconds(),
              started.cheaperSecondsPerEpoch(),
              firstTurn / started.cheaperSecondsPerEpoch(),
              firstTurn);
    } else if (timed) {
      method =
          String.format(
              Locale.ROOT,
              "successive halving over %d of %d candidates in %d rungs (%.0f s), after the rule's"
                  + " first %.0f s (%.1f epochs, validation NDCG@10 +%.1f%% over their last"
                  + " third), first turns of %.0f s at %.1f s per epoch (the median of %d; the"
                  + " first %.1f s)",
              n,
              space.size(),
              rungs(n),
              totalSeconds,
              started.ruleSeconds(),
              started.ruleEpochs(),
              100 * started.ruleGain(),
              firstTurn,
              started.secondsPerEpoch(),
              started.epochsMeasured(),
              started.probeSecondsPerEpoch());
    } else {
      method =
          String.format(
              Locale.ROOT,
              "successive halving over %d of %d candidates in %d rungs (first turn %d epochs)",
              n,
              space.size(),
              rungs(n),
              MIN_FIRST_TURN_EPOCHS);
    }
    method += resumed;
    return new Result(
        s.model(),
        outcome,
        winner.candidate.label(),
        method,
        space.searched(),
        java.util.stream.Stream.concat(entries.stream().map(Entry::row), probedOnly.stream())
            .toList(),
        started);
  }

  /**
   * Trains the rule until the search can start or can no longer pay for itself: after a first
   * measurement (an epoch, or {@link #PROBE_SHARE} of the budget if less), one epoch at a time,
   * re-measuring its speed (the median epoch) and the time left after each. The search starts once
   * the rule has had the first turn of a {@link #plan} that fits, unless the rule is still learning
   * fast; it gives up when no plan fits any more (half the budget at the latest).
   *
   * <p>When, at the first look, no plan and no forks' turn fits at the rule's speed and {@code
   * cheaper} (the first alternative, expected to cost less per epoch) is given, that one is
   * measured the same way and, if a search over the two fits at its speed ({@link #cheaperPlan}),
   * the two are compared at once: the rule is then the slowest candidate, and its own speed would
   * never let the search start.
   */
  private <C> Start startTimed(
      Trainer.Session rule,
      Entry<C> cheaper,
      long start,
      long deadlineNanos,
      int available,
      int forks) {
    long probeNanos = (long) (PROBE_SHARE * (deadlineNanos - start));
    long measureNanos = (long) (MAX_PROBE_SHARE * (deadlineNanos - start));
    measure(rule, start, probeNanos, measureNanos);
    double probe = rule.medianEpochSeconds();
    double cheaperSpeed = Double.NaN;
    boolean firstLook = true;
    double firstTurnGain = Double.NaN; // when the rule first finished its first turn
    Plan planned = null; // the plan whose first turn the rule is training to
    double forksCost = Double.NaN; // at the last look where a forks' turn fitted: its cost
    double forksCostGain = Double.NaN; // and the rule's rise over its last that many seconds
    while (true) {
      double left = (deadlineNanos - trainer.now()) / 1e9;
      // a late start's turns must be as long as the rule took to come near its best: shorter
      // ones could not show an alternative ahead of it
      double reach = rule.secondsToReach(rule.best() / (1 + STILL_LEARNING));
      // a first turn trained to its end is on time, though its last step ran past it
      Plan plan =
          planned != null && rule.seconds() >= planned.firstTurnSeconds()
              ? planned
              : plan(rule.seconds(), left, rule.medianEpochSeconds(), reach, available);
      planned = null;
      double gain = recentGain(rule);
      if (plan == null) {
        double fork = forkTurnSeconds(left, rule.medianEpochSeconds(), forks);
        if (firstLook
            && cheaper != null
            && !rule.done()
            && tooSlowForAnySearch(
                rule.seconds(), left, rule.medianEpochSeconds(), reach, available, forks)) {
          // the rule is too slow an epoch for any search: measure its cheaper alternative
          Trainer.Session other = cheaper.session();
          measure(other, trainer.now(), probeNanos, measureNanos);
          cheaperSpeed = other.medianEpochSeconds();
          Plan p = cheaperPlan((deadlineNanos - start) / 1e9, cheaperSpeed);
          if (p != null && rule.seconds() <= p.firstTurnSeconds()) {
            return start(
                probe,
                rule,
                gain,
                Double.NaN,
                SEARCHED_PER_MINUTE,
                p,
                cheaperSpeed,
                Double.NaN,
                Double.NaN);
          }
          left = (deadlineNanos - trainer.now()) / 1e9;
        }
        if (fork > 0) {
          // the forks' turns are the rule's time they take; on a flattening curve it gains less
          // in any later stretch that long than in its last one
          forksCost = forks * fork;
          forksCostGain = gainOver(rule, forksCost);
        }
        if (fork > 0 && (rule.done() || forksCostGain <= MAX_FORKS_COST)) {
          return start(
              probe,
              rule,
              gain,
              firstTurnGain,
              FORKED,
              new Plan(forks + 1, fork),
              cheaperSpeed,
              forksCost,
              forksCostGain);
        }
        if (rule.done() || (left < rule.seconds() && fork < 0)) {
          String why = Double.isNaN(firstTurnGain) ? TOO_SLOW : STILL_LEARNING_FAST;
          return start(
              probe, rule, gain, firstTurnGain, why, null, cheaperSpeed, forksCost, forksCostGain);
        }
      } else if (rule.done() || rule.seconds() >= plan.firstTurnSeconds()) {
        if (Double.isNaN(firstTurnGain)) {
          firstTurnGain = gain;
        }
        if (rule.done() || gain <= STILL_LEARNING) {
          return start(
              probe,
              rule,
              gain,
              firstTurnGain,
              SEARCHED,
              plan,
              cheaperSpeed,
              Double.NaN,
              Double.NaN);
        }
        // still learning fast: the time is worth more to the rule, which trains on
      }
      long until = deadlineNanos;
      if (plan != null && rule.seconds() < plan.firstTurnSeconds()) {
        planned = plan;
        until = trainer.now() + (long) ((plan.firstTurnSeconds() - rule.seconds()) * 1e9);
      }
      firstLook = false;
      rule.advance(Math.min(until, deadlineNanos), Math.floor(rule.epochs()) + 1);
    }
  }

  /**
   * A session's first measurement of its speed: it trains from {@code from} for {@code probeNanos}
   * or one epoch, whichever ends first; if the epoch goes on and fewer than {@link
   * #MIN_ESTIMATE_STEPS} steps past its warm-up were measured, it trains on to them (or the epoch's
   * end), within {@code maxNanos} from {@code from}. The steps trained count as the session's as
   * any others; a second pause costs a second validation.
   */
  private void measure(Trainer.Session s, long from, long probeNanos, long maxNanos) {
    s.advance(from + probeNanos, 1.0);
    if (!s.done() && s.epochSeconds().isEmpty()) {
      int more = s.stepsUntilEstimate(MIN_ESTIMATE_STEPS);
      if (more > 0 && trainer.now() < from + maxNanos) {
        s.advance(from + maxNanos, 1.0, more);
      }
    }
  }

  private static Start start(
      double probe,
      Trainer.Session rule,
      double gain,
      double firstTurnGain,
      String decision,
      Plan plan,
      double cheaperSpeed,
      double forksCost,
      double forksCostGain) {
    return new Start(
        probe,
        rule.medianEpochSeconds(),
        rule.epochSeconds().size(),
        rule.seconds(),
        rule.epochs(),
        gain,
        firstTurnGain,
        decision,
        plan == null ? 1 : plan.candidates(),
        plan == null ? -1 : plan.firstTurnSeconds(),
        cheaperSpeed,
        forksCost,
        forksCostGain);
  }

  /**
   * The search over the rule and its cheaper alternative when the rule is too slow an epoch for any
   * {@link #plan}: 2 candidates, first turns of a quarter of the budget (the rule's and the
   * alternative's measurements count towards them), when that buys the alternative {@link
   * #MIN_FIRST_TURN_EPOCHS} epochs at its own speed; null otherwise. The rule is not held to 3 of
   * its own epochs: the two are judged at equal time, so what counts is which learns most per
   * minute, and a rule that cannot train 3 epochs in a quarter of the budget could not train 12 in
   * all of it either. Nor is the rule's rise looked at ("still learning"): within its first epoch
   * it only says that training started, and a rule that learns more per minute wins the first rung
   * and keeps the rest of the budget.
   */
  static Plan cheaperPlan(double totalSeconds, double cheaperEpochSeconds) {
    return plan(0, totalSeconds, cheaperEpochSeconds, 0, 2);
  }

  /**
   * Whether, at the first look (the rule trained {@code ruleSeconds} at {@code epochSeconds} an
   * epoch, {@code leftSeconds} left), the rule is too slow for any search from scratch and any
   * forks' turn, so that a cheaper alternative would be measured: the gate's decision from measured
   * speeds.
   */
  static boolean tooSlowForAnySearch(
      double ruleSeconds,
      double leftSeconds,
      double epochSeconds,
      double reachSeconds,
      int available,
      int forks) {
    return plan(ruleSeconds, leftSeconds, epochSeconds, reachSeconds, available) == null
        && forkTurnSeconds(leftSeconds, epochSeconds, forks) < 0;
  }

  /**
   * The relative rise of the session's best validation NDCG@10 over the last third of its training
   * so far; infinite when nothing was validated before that third (too early to tell).
   */
  static double recentGain(Trainer.Session s) {
    return gainSince(s, s.seconds() * 2 / 3);
  }

  /**
   * The relative rise of the session's best validation NDCG@10 over its last {@code seconds} of
   * training; infinite when nothing was validated before them.
   */
  static double gainOver(Trainer.Session s, double seconds) {
    return gainSince(s, s.seconds() - seconds);
  }

  /** The rise of the best since its first {@code seconds} of training (infinite: none then). */
  private static double gainSince(Trainer.Session s, double seconds) {
    double then = s.bestWithin(seconds);
    double now = s.best();
    if (!(then > 0)) {
      return now > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return now / then - 1;
  }

  /**
   * The largest search (n a power of two up to {@link #MAX_CANDIDATES} and {@code available}) that
   * fits the time left when the rule has trained {@code ruleSeconds}, every first turn buying
   * {@link #MIN_FIRST_TURN_EPOCHS} epochs at {@code epochSeconds}; null when none fits.
   *
   * <p>In time, successive halving over n candidates is {@code rungs(n) * n} first turns of equal
   * length (each rung gets the same total). While the rule has trained less than one, it trains on
   * to it. When it has trained more (a late start: the speed measured earlier said no, or the rule
   * was still learning fast), its training counts as one turn and the others share the time left,
   * {@code left / (rungs(n) * n - 1)} each, and only while the time left is at least the rule's own
   * (a winner then trains at least as long as the rule did) and the others' first turns are at
   * least {@code reachSeconds}, the time the rule took to come near its best: an alternative judged
   * against the rule's best needs as long to show it is ahead.
   */
  static Plan plan(
      double ruleSeconds,
      double leftSeconds,
      double epochSeconds,
      double reachSeconds,
      int available) {
    double total = ruleSeconds + leftSeconds;
    for (int n = MAX_CANDIDATES; n >= 2; n /= 2) {
      if (n > available) {
        continue;
      }
      int turns = rungs(n) * n;
      double turn = total / turns;
      if (ruleSeconds > turn) {
        if (leftSeconds < ruleSeconds) {
          return null;
        }
        turn = leftSeconds / (turns - 1);
        if (turn < reachSeconds) {
          continue;
        }
      }
      if (turn >= MIN_FIRST_TURN_EPOCHS * epochSeconds) {
        return new Plan(n, turn);
      }
    }
    return null;
  }

  /**
   * Every rung but the last: the survivors train in turns to the rung's cumulative seconds (first
   * turns of {@code firstTurnSeconds} >= 0, doubling as the survivors halve) or epochs, then the
   * worse half by best validation so far is discarded. Returns the one left, then (timed) the rule
   * if it was discarded, then the last rung's runner-up, all still open. A rule that trained past a
   * rung's time (a late start) does not train in it and is judged on its best so far: it is only
   * behind when another candidate beat, in less time, what it reached.
   *
   * <p>A rule discarded before the last rung stays open (timed): a rung compares equal time, and
   * the rule, slower to rise, may be behind there and still level off higher when trained on (on
   * MovieLens-100K it was discarded at rung 2 after 83 s, where alone it improves to epoch 60); it
   * trains on first in the time an early-stopped winner leaves ({@link #resumeRunnersUp}). The
   * price is its memory until the end (one model's parameters, gradients, optimiser moments and
   * kept copy): no new peak, since all n candidates are open at once in the first rung.
   */
  private <C> List<Entry<C>> halve(
      List<Entry<C>> entries, double firstTurnSeconds, long deadlineNanos) {
    boolean timed = firstTurnSeconds >= 0;
    int rungs = rungs(entries.size());
    List<Entry<C>> alive = new ArrayList<>(entries);
    Entry<C> rule = entries.get(0);
    Entry<C> keptRule = null; // the rule, discarded before the last rung and kept open (timed)
    double target = 0; // each survivor's cumulative seconds (timed) or epochs after this rung
    for (int rung = 0; rung < rungs - 1; rung++) {
      target += timed ? firstTurnSeconds * (1 << rung) : epochTurn(rung);
      for (Entry<C> e : alive) {
        Trainer.Session s = e.session();
        if (timed) {
          long turnEnd = trainer.now() + (long) ((target - s.seconds()) * 1e9);
          s.advance(Math.min(deadlineNanos, turnEnd), Double.POSITIVE_INFINITY);
        } else {
          s.advance(deadlineNanos, target);
        }
        e.bestAfterRung.add(s.best());
      }
      // a stable sort: on a tie the earlier candidate (the rule's first) stays
      alive.sort(Comparator.comparingDouble((Entry<C> e) -> -e.best()));
      int keep = (alive.size() + 1) / 2;
      for (Entry<C> e : alive.subList(keep, alive.size())) {
        e.result = "discarded after rung " + (rung + 1);
        if (rung < rungs - 2) {
          if (timed && e == rule) {
            keptRule = e; // open: it trains on first in the time a winner leaves
          } else {
            e.session.finish(e.result);
            e.session.model().close();
          }
        }
      }
      if (rung == rungs - 2) {
        // the winner, then the rule if discarded, then the last rung's runner-up, all still open
        if (keptRule != null) {
          alive.add(1, keptRule);
        }
        return alive;
      }
      alive = new ArrayList<>(alive.subList(0, keep));
    }
    return alive;
  }

  /**
   * When the first of {@code ranked} stopped early (early stopping, the epoch limit) with time
   * left, the runners-up (open, in order: a discarded rule first) train on in that time, one after
   * the other while each stops early in turn: a candidate that led at equal time can level off
   * lower than one it beat (on MovieLens-100K the last 50 items led the last 200 at every rung, 3-4
   * times faster per epoch, and stopped early at validation NDCG@10 0.429 after 106 s, while the
   * last 200 alone went on to 0.441), and the time left would otherwise go unused. Returns a note
   * for the method, empty when none resumed.
   */
  private <C> String resumeRunnersUp(List<Entry<C>> ranked, long deadlineNanos) {
    StringBuilder note = new StringBuilder();
    for (int k = 1; k < ranked.size(); k++) {
      Entry<C> before = ranked.get(k - 1);
      double left = (deadlineNanos - trainer.now()) / 1e9;
      if (!before.session().done() || left <= 0) {
        break;
      }
      Entry<C> e = ranked.get(k);
      double at = e.session().seconds();
      e.session().advance(deadlineNanos, Double.POSITIVE_INFINITY);
      e.resumed = true;
      e.bestAfterRung.add(e.best());
      e.result += String.format(Locale.ROOT, "; resumed for the %.0f s left", left);
      note.append(
          String.format(
              Locale.ROOT,
              "; %s stopped early with %.0f s left, so %s trained on from %.0f s",
              before.candidate.label(),
              left,
              e.candidate.label(),
              at));
    }
    return note.toString();
  }

  /**
   * The model to export, judged on what each would export ({@link Trainer.Session#keptBest}): among
   * the first of {@code ranked} and those that trained on in the time it left, the best; but the
   * rule, when it is one of them, unless that best is more than {@link #RULE_MARGIN} past the
   * rule's.
   */
  private <C> Entry<C> choose(List<Entry<C>> ranked, Entry<C> rule) {
    Entry<C> other = bestOther(ranked, rule);
    if (rule != ranked.get(0) && !rule.resumed) {
      return other; // behind at equal time and not trained on: out of the comparison
    }
    if (other == null) {
      return rule;
    }
    return other.session().keptBest() > rule.session().keptBest() * (1 + RULE_MARGIN)
        ? other
        : rule;
  }

  /** The best but the rule among the first of {@code ranked} and those resumed, or null. */
  private <C> Entry<C> bestOther(List<Entry<C>> ranked, Entry<C> rule) {
    Entry<C> best = null;
    for (Entry<C> e : ranked) {
      if (e != rule
          && (e == ranked.get(0) || e.resumed)
          && (best == null || e.session().keptBest() > best.session().keptBest())) {
        best = e;
      }
    }
    return best;
  }

  /**
   * Each one's turn in a forks' turn, when it fits the time left: the rule and its {@code forks}
   * train side by side for as long as {@link #MIN_FIRST_TURN_EPOCHS} epochs at {@code
   * epochSeconds}, or longer when that leaves at least half the time left to the winner (a
   * comparison over more epochs is less at the mercy of one epoch's noise); -1 when there are no
   * forks or their turns do not fit.
   *
   * <p>Unlike a search from scratch, a fork needs no time to come where the rule is: it starts from
   * the rule's parameters, so a short turn shows whether carrying on with other settings does
   * better than carrying on with the rule's, and the rule loses only the forks' turns, taken where
   * its curve has levelled off.
   */
  static double forkTurnSeconds(double leftSeconds, double epochSeconds, int forks) {
    if (forks < 1) {
      return -1;
    }
    double turn = Math.max(MIN_FIRST_TURN_EPOCHS * epochSeconds, leftSeconds / (2.0 * (forks + 1)));
    return (forks + 1) * turn <= leftSeconds ? turn : -1;
  }

  /**
   * The forks' turn: each fork starts from the rule's current parameters, then the rule and each
   * fork train for {@code turnSeconds}; returns them best first by validation so far (the rule's
   * best counts its training before the forks and is raised by {@link #FORK_MARGIN}, so a fork
   * comes first only by going clearly past what the rule reached), all still open.
   */
  private <C> List<Entry<C>> forkTurn(
      List<Entry<C>> entries,
      List<SearchSpace.Candidate<C>> forks,
      Function<C, TrainableModel> builder,
      double turnSeconds,
      long deadlineNanos) {
    Entry<C> rule = entries.get(0);
    String from =
        String.format(Locale.ROOT, ", from the rule at epoch %.1f", rule.session().epochs());
    for (SearchSpace.Candidate<C> c : forks) {
      Entry<C> e = new Entry<>(new SearchSpace.Candidate<>(c.label() + from, c.config()), builder);
      e.session().model().startFrom(rule.session().model());
      entries.add(e);
    }
    List<Entry<C>> alive = new ArrayList<>(entries);
    for (Entry<C> e : alive) {
      long turnEnd = trainer.now() + (long) (turnSeconds * 1e9);
      e.session().advance(Math.min(deadlineNanos, turnEnd), Double.POSITIVE_INFINITY);
      e.bestAfterRung.add(e.best());
    }
    // a fork is judged against the rule's best raised by the margin; stable: the rule first on a
    // tie
    alive.sort(
        Comparator.comparingDouble(
            (Entry<C> e) -> e == rule ? -rule.best() * (1 + FORK_MARGIN) : -e.best()));
    for (Entry<C> e : alive.subList(1, alive.size())) {
      e.result = "discarded after the forks' turn";
    }
    if (alive.get(0) != rule) { // the rule first among the runners-up
      alive.remove(rule);
      alive.add(1, rule);
    }
    return alive; // the best first (the rule next); the others stay open (runners-up)
  }

  /** Rungs of successive halving with n candidates: log2(n) + 1. */
  static int rungs(int n) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
  }

  /**
   * The most candidates (a power of two up to {@link #MAX_CANDIDATES} and {@code available}) whose
   * first turns still buy {@link #MIN_FIRST_TURN_EPOCHS} epochs each.
   */
  static int candidatesFor(double totalSeconds, double epochSeconds, int available) {
    Plan p = plan(0, totalSeconds, epochSeconds, 0, available);
    return p == null ? 1 : p.candidates();
  }

  /** Without a time budget: the most candidates whose rungs end within half the epoch limit. */
  static int candidatesForEpochs(int maxEpochs, int available) {
    for (int n = MAX_CANDIDATES; n >= 2; n /= 2) {
      double epochs = 0;
      for (int rung = 0; rung < rungs(n) - 1; rung++) {
        epochs += epochTurn(rung);
      }
      if (n <= available && epochs <= maxEpochs / 2.0) {
        return n;
      }
    }
    return 1;
  }

  /** Epochs a survivor trains in rung k without a time budget: the survivors' share doubles. */
  private static double epochTurn(int rung) {
    return MIN_FIRST_TURN_EPOCHS * (double) (1 << rung);
  }
}
