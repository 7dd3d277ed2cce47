package io.overdrive.privacy;

import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.Interaction;
import io.overdrive.events.ArchiveParts;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.events.EventJson;
import io.overdrive.events.RankingJson;
import io.overdrive.outcomes.ServedRanking;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes erased users' past from an archive directory: every finished part (and snapshot) holding
 * an event, a served ranking or a stored profile of a user at or before their latest erasure
 * ({@link ArchivedErasures}) is rewritten without those lines, so the archive no longer holds what
 * the user asked to be erased, for the trainer, an export or anyone reading the files. The erasure
 * records themselves stay (they are what keeps later copies out; they hold the id and the time, no
 * data of the user). Lines that do not parse are kept as they are: compaction never deletes what it
 * cannot read.
 *
 * <p>Each rewrite goes to a temporary file beside the part, is synced, and replaces the part with
 * an atomic move, so a reader or a crash sees the old part or the new one, never a mix. Parts being
 * written ({@code *.inprogress}) are left alone: they are sealed later and the next compaction
 * covers them; the trainer also filters on read ({@code ArchiveLoader}), so nothing erased is
 * trained on in between.
 */
public final class ArchiveCompaction {
  private static final Logger log = LoggerFactory.getLogger(ArchiveCompaction.class);
  private static final String TEMP_SUFFIX = ".erasing";

  private ArchiveCompaction() {}

  /**
   * What a compaction removed.
   *
   * @param rewritten the parts rewritten (to upload again where the archive lives in object
   *     storage)
   */
  public record Result(
      int erasedUsers, long events, long rankings, long profiles, List<Path> rewritten) {
    public String describe() {
      return String.format(
          "erased users on record: %d; removed %d event(s), %d ranking(s), %d profile(s) from %d"
              + " part(s)",
          erasedUsers, events, rankings, profiles, rewritten.size());
    }
  }

  /** Rewrites the parts under {@code dir} that hold an erased past. */
  public static Result eraseUsers(Path dir) throws IOException {
    ArchivedErasures erasures = ArchivedErasures.read(dir, CatalogueArchive.BadLines.SKIP);
    if (erasures.isEmpty()) {
      return new Result(0, 0, 0, 0, List.of());
    }
    List<Path> rewritten = new ArrayList<>();
    long events =
        eraseFrom(
            dir,
            ArchiveParts.EVENTS,
            line -> {
              Interaction e = EventJson.parse(line);
              return erasures.covers(e.userId(), e.timestamp());
            },
            rewritten);
    long rankings =
        eraseFrom(
            dir,
            ArchiveParts.RANKINGS,
            line -> {
              ServedRanking r = RankingJson.parse(line);
              return erasures.covers(r.userId(), r.servedAt());
            },
            rewritten);
    long profiles =
        eraseFrom(
            dir,
            ArchiveParts.USERS,
            line -> {
              UserChange c = CatalogueJson.parseUserChange(line);
              return !c.isErasure() && erasures.covers(c.userId(), c.at());
            },
            rewritten);
    Result r = new Result(erasures.users(), events, rankings, profiles, List.copyOf(rewritten));
    if (!rewritten.isEmpty()) {
      log.info("Archive {}: {}", dir, r.describe());
    }
    return r;
  }

  /** Rewrites the parts of one kind; returns the lines removed, adding the parts rewritten. */
  private static long eraseFrom(
      Path dir, String kind, Predicate<String> erased, List<Path> rewritten) throws IOException {
    long removed = 0;
    for (Path part : ArchiveParts.ofKind(dir, kind)) {
      long n = rewrite(part, erased);
      if (n > 0) {
        rewritten.add(part);
        removed += n;
      }
    }
    return removed;
  }

  /**
   * Rewrites {@code part} without the lines {@code erased} accepts; returns how many were removed
   * (0: the part is left untouched). A part gone meanwhile (shipped to object storage) counts 0.
   */
  private static long rewrite(Path part, Predicate<String> erased) throws IOException {
    List<String> lines;
    try {
      lines = EventArchive.lines(part);
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return 0;
      }
      throw e;
    }
    List<String> kept = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (line.isBlank() || !isErased(line, erased)) {
        kept.add(line);
      }
    }
    long removed = lines.size() - kept.size();
    if (removed == 0) {
      return 0;
    }
    Path temp = part.resolveSibling(part.getFileName() + TEMP_SUFFIX);
    try (FileChannel ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream raw = java.nio.channels.Channels.newOutputStream(ch)) {
      OutputStream out =
          part.getFileName().toString().endsWith(".gz")
              ? new GZIPOutputStream(new BufferedOutputStream(raw, 1 << 16), 1 << 16)
              : new BufferedOutputStream(raw, 1 << 16);
      for (String line : kept) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
      out.flush();
      if (out instanceof GZIPOutputStream gz) {
        gz.finish();
      }
      out.flush();
      ch.force(true);
    }
    Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return removed;
  }

  private static boolean isErased(String line, Predicate<String> erased) {
    try {
      return erased.test(line);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }
}
