package io.overdrive.events;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.outcomes.ServedRanking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the served-ranking log of an archive: every {@code rankings*.jsonl[.gz]} under a directory,
 * recursively, beside the events ({@link EventArchive}), with the same tolerance: a part cut short
 * by a crash yields its complete lines, an unreadable line is counted and skipped, and a ranking id
 * seen before is skipped (the log is at-least-once).
 */
public final class RankingArchive {
  private RankingArchive() {}

  public static List<Path> rankingFiles(Path dir) {
    return ArchiveParts.ofKind(dir, ArchiveParts.RANKINGS);
  }

  /** Hands every served ranking of the archive to {@code sink} once. */
  public static EventArchive.ReadStats forEach(Path dir, Consumer<ServedRanking> sink) {
    Set<String> seen = new HashSet<>();
    long rankings = 0;
    long duplicates = 0;
    long bad = 0;
    int truncated = 0;
    for (Path file : rankingFiles(dir)) {
      EventArchive.Lines lines = EventArchive.readLines(file);
      if (lines.truncated()) {
        truncated++;
      }
      for (String line : lines.lines()) {
        if (line.isBlank()) {
          continue;
        }
        ServedRanking r;
        try {
          r = RankingJson.parse(line);
        } catch (InvalidInputException | IllegalArgumentException | NullPointerException e) {
          bad++;
          continue;
        }
        if (!seen.add(r.rankingId())) {
          duplicates++;
          continue;
        }
        rankings++;
        sink.accept(r);
      }
    }
    return new EventArchive.ReadStats(rankings, duplicates, bad, truncated);
  }

  public static List<ServedRanking> readAll(Path dir) {
    List<ServedRanking> out = new ArrayList<>();
    forEach(dir, out::add);
    return out;
  }
}
