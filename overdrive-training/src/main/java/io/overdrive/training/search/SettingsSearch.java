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
 * <p>Each of the {@code log2(n) + 1} rungs gets an equal share of the budget; n is the largest
 * power of two (at most {@link #MAX_CANDIDATES}) for which every candidate's first turn still buys
 * {@link #MIN_FIRST_TURN_EPOCHS} epochs at the first candidate's measured speed. A budget too small
 * for two candidates trains the rule's settings alone. Without a time budget, rungs are counted in
 * epochs (the first turn {@link #MIN_FIRST_TURN_EPOCHS} epochs) and the search runs when the epoch
 * limit leaves room for it.
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
   */
  public record Result(
      TrainableModel model,
      Trainer.Outcome outcome,
      String candidate,
      String method,
      List<String> searched,
      List<Row> table) {}

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
    long start = System.nanoTime();
    double totalSeconds = (deadlineNanos - start) / 1e9;
    List<SearchSpace.Candidate<C>> all =
        space.candidates(enabled ? Math.min(MAX_CANDIDATES, space.size()) : 1);
    List<Entry<C>> entries = new ArrayList<>();
    entries.add(new Entry<>(all.get(0), builder));
    String why = "";
    int n = 1;
    if (all.size() < 2) {
      why = enabled ? "nothing to search (every setting fixed or one-valued)" : "search off";
    } else if (timed) {
      // the first candidate's speed: one epoch, or a share of the budget if that is less; the
      // time counts towards its first turn
      Trainer.Session probe = entries.get(0).session();
      probe.advance(start + (long) (PROBE_SHARE * totalSeconds * 1e9), 1.0);
      n = candidatesFor(totalSeconds, probe.secondsPerEpoch(), all.size());
      if (n == 1) {
        why =
            String.format(
                Locale.ROOT,
                "budget too small to search: %.0f s, %.1f s per epoch of the rule's settings",
                totalSeconds,
                probe.secondsPerEpoch());
      }
    } else {
      n = candidatesForEpochs(maxEpochs, all.size());
      if (n == 1) {
        why = "epoch limit too small to search (" + maxEpochs + ")";
      }
    }
    for (SearchSpace.Candidate<C> c : all.subList(1, n)) {
      entries.add(new Entry<>(c, builder));
    }
    Entry<C> winner = halve(entries, timed ? totalSeconds : -1, deadlineNanos);
    Trainer.Session s = winner.session();
    s.advance(deadlineNanos, Double.POSITIVE_INFINITY);
    if (n > 1) {
      winner.bestAfterRung.add(s.best());
    }
    Trainer.Outcome outcome = s.finish();
    winner.result = "chosen; " + outcome.stop();
    String method =
        n > 1
            ? String.format(
                Locale.ROOT,
                "successive halving over %d of %d candidates in %d rungs (%s)",
                n,
                space.size(),
                rungs(n),
                timed
                    ? String.format(Locale.ROOT, "%.0f s", totalSeconds)
                    : "first turn " + MIN_FIRST_TURN_EPOCHS + " epochs")
            : "the rule's settings alone: " + why;
    return new Result(
        s.model(),
        outcome,
        winner.candidate.label(),
        method,
        space.searched(),
        entries.stream().map(Entry::row).toList());
  }

  /**
   * Every rung but the last: the survivors train in turns to the rung's cumulative seconds ({@code
   * totalSeconds} >= 0) or epochs, then the worse half is discarded. Returns the one left.
   */
  private <C> Entry<C> halve(List<Entry<C>> entries, double totalSeconds, long deadlineNanos) {
    boolean timed = totalSeconds >= 0;
    int rungs = rungs(entries.size());
    List<Entry<C>> alive = new ArrayList<>(entries);
    double target = 0; // each survivor's cumulative seconds (timed) or epochs after this rung
    for (int rung = 0; rung < rungs - 1; rung++) {
      target += timed ? totalSeconds / (rungs * (double) alive.size()) : epochTurn(rung);
      for (Entry<C> e : alive) {
        Trainer.Session s = e.session();
        if (timed) {
          long turnEnd = System.nanoTime() + (long) ((target - s.seconds()) * 1e9);
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
        e.session.finish(e.result);
        e.session.model().close();
      }
      alive = new ArrayList<>(alive.subList(0, keep));
    }
    return alive.get(0);
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
    for (int n = MAX_CANDIDATES; n >= 2; n /= 2) {
      if (n <= available
          && totalSeconds / (rungs(n) * (double) n) >= MIN_FIRST_TURN_EPOCHS * epochSeconds) {
        return n;
      }
    }
    return 1;
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
