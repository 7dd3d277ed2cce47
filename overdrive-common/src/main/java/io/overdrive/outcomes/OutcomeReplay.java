package io.overdrive.outcomes;

import io.overdrive.domain.Interaction;
import io.overdrive.events.EventArchive;
import io.overdrive.events.RankingArchive;
import io.overdrive.experiments.Experiment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline report: recounts an archive's served rankings ({@code rankings-*.jsonl.gz}) and
 * events ({@code events-*.jsonl.gz}) into the outcome counters with the live code ({@link
 * Attribution}, {@link Outcome}, {@link OutcomeAccumulator}), so a finished experiment can be
 * re-analysed from files and gives the numbers {@code GET /experiments} gave on the same data. Each
 * ranking and event counts once (the archive is at-least-once; its readers skip repeated ids).
 *
 * <p>This re-analyses what each arm served (on-policy per arm). Estimating a ranking policy that
 * was never served from these logs would need each item's probability of being shown, which the log
 * does not record.
 */
public final class OutcomeReplay {
  private OutcomeReplay() {}

  /** What a replay read and counted. */
  public record Replay(
      OutcomeTotals totals,
      EventArchive.ReadStats rankingsRead,
      EventArchive.ReadStats eventsRead,
      long unattributedEvents) {}

  public static Replay count(Path archive) {
    OutcomeAccumulator acc = new OutcomeAccumulator();
    EventArchive.ReadStats rankings = RankingArchive.forEach(archive, r -> acc.addRanking(r.arm()));
    long[] unattributed = {0};
    EventArchive.ReadStats events =
        EventArchive.forEach(
            archive,
            (Interaction e) -> {
              Outcome o = Outcome.of(e);
              if (o == null) {
                unattributed[0]++;
              } else {
                acc.add(e.userId(), o);
              }
            });
    return new Replay(acc.totals(), rankings, events, unattributed[0]);
  }

  /**
   * Reports of every experiment whose arms the archive names; {@code experiment} picks one (empty
   * list when the archive does not know it). Arms known only by code are left out: every served
   * ranking names its arm.
   */
  public static List<ExperimentReport> reports(OutcomeTotals totals, String experiment) {
    Map<String, List<Arm>> byExperiment = new LinkedHashMap<>();
    for (OutcomeTotals.ArmTotals t : totals.arms().values()) {
      if (t.arm() != null && (experiment == null || t.arm().experiment().equals(experiment))) {
        byExperiment.computeIfAbsent(t.arm().experiment(), k -> new ArrayList<>()).add(t.arm());
      }
    }
    List<ExperimentReport> out = new ArrayList<>();
    byExperiment.forEach(
        (name, arms) -> out.add(ExperimentReport.of(name, arms, Map.of(), false, totals)));
    return out;
  }

  /** The running experiment's report from an archive, as the live endpoint gives it. */
  public static ExperimentReport report(Experiment running, OutcomeTotals totals) {
    return ExperimentReport.of(running, totals);
  }
}
