package io.overdrive.outcomes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline experiment report: {@code bench/experiment-report.sh ARCHIVE_DIR [--experiment NAME]}
 * re-counts an archive's served rankings and events ({@link OutcomeReplay}) and prints, as one JSON
 * object, per experiment and variant the figures {@code GET /experiments} gives: so a finished
 * experiment can be re-analysed from files, after its counters expired or on another machine.
 */
public final class ExperimentReportCli {
  private ExperimentReportCli() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      usage("give the archive directory first");
    }
    Path archive = Path.of(args[0]);
    String experiment = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--experiment") && i + 1 < args.length) {
        experiment = args[++i];
      } else {
        usage("unknown argument " + args[i]);
      }
    }
    if (!Files.isDirectory(archive)) {
      usage(archive + " is not a directory");
    }
    OutcomeReplay.Replay replay = OutcomeReplay.count(archive);
    List<ExperimentReport> reports = OutcomeReplay.reports(replay.totals(), experiment);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("archive", archive.toAbsolutePath().toString());
    out.put("rankings", replay.rankingsRead());
    out.put("events", replay.eventsRead());
    out.put("unattributed_events", replay.unattributedEvents());
    out.put("experiments", reports);
    System.out.println(JsonMapper.builder().build().writeValueAsString(out));
    if (reports.isEmpty()) {
      System.err.println(
          experiment == null
              ? "no served ranking in " + archive + " names an experiment"
              : "no served ranking in " + archive + " is of experiment '" + experiment + "'");
      System.exit(1);
    }
  }

  private static void usage(String problem) {
    System.err.println(
        problem + "\nusage: experiment-report ARCHIVE_DIR [--experiment NAME]   (one JSON object)");
    System.exit(2);
  }
}
