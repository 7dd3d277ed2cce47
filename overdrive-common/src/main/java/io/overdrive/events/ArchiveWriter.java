package io.overdrive.events;

import io.overdrive.domain.Interaction;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training archive's writer: appends events as JSON lines ({@link EventJson}, the format the
 * trainer reads) to hourly partitioned gzip files, {@code
 * <dir>/<yyyy-MM-dd>/<HH>/events-*.jsonl.gz} (hour of arrival, UTC), and other kinds of lines
 * (catalogue changes: {@code items-*}, {@code users-*}; {@link ArchiveParts}) to parts of their own
 * beside them, each kind rolled and sealed like the events.
 *
 * <p>Crash safety: a part is written as {@code <name>.jsonl.gz.inprogress} and renamed to its final
 * name only once its gzip stream is finished and synced, so a reader of {@code *.jsonl.gz} never
 * sees a broken file. Each {@link #append} ends with a gzip sync-flush and an fsync, so what was
 * appended survives a crash; a part left behind by a crash (its writer's file lock is gone) is
 * sealed by the next writer that opens the directory, keeping every complete line. The archive is
 * at-least-once (a batch redelivered after a crash is appended again); {@link EventArchive} skips
 * repeated event ids.
 */
public final class ArchiveWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);
  static final String IN_PROGRESS = ".inprogress";
  private static final int MAX_RETAINED_BUFFER = 4 << 20;
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Duration rollInterval;
  private final long maxPartBytes;
  private final Clock clock;
  private final String writerId;
  private int partNo;

  /** The open part of each kind ("events", "items", ...). */
  private final Map<String, Part> open = new LinkedHashMap<>();

  /** The batch's lines as UTF-8, reused from append to append (appends are synchronized). */
  private final JsonBytes lines = new JsonBytes(1 << 16);

  /**
   * @param rollInterval a part is sealed (made visible to readers) at the latest this long after it
   *     was opened, and at the end of its hour
   * @param maxPartBytes a part is sealed once this many uncompressed bytes were written to it
   */
  public ArchiveWriter(Path dir, Duration rollInterval, long maxPartBytes, Clock clock) {
    this.dir = dir;
    this.rollInterval = rollInterval;
    this.maxPartBytes = maxPartBytes;
    this.clock = clock;
    this.writerId =
        ManagementFactory.getRuntimeMXBean().getPid()
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create archive directory " + dir, e);
    }
    int sealed = recover(dir);
    if (sealed > 0) {
      log.info("Archive: sealed {} part(s) left unfinished by a crash in {}", sealed, dir);
    }
  }

  /**
   * Appends the events and makes them durable (gzip sync-flush + fsync) before returning.
   *
   * @throws UncheckedIOException when the disk refuses; nothing may be acknowledged then
   */
  public synchronized void append(List<Interaction> events) {
    if (events.isEmpty()) {
      return;
    }
    JsonBytes buf = lines;
    buf.reset(MAX_RETAINED_BUFFER);
    for (Interaction e : events) {
      EventJson.write(e, buf);
      buf.writeByte('\n');
    }
    write(ArchiveParts.EVENTS, buf);
  }

  /**
   * Appends JSON lines of another kind ({@link ArchiveParts#ITEMS}, {@link ArchiveParts#USERS}) to
   * that kind's own part, durably, as {@link #append} does for events.
   */
  public synchronized void appendLines(String kind, List<String> jsonLines) {
    if (jsonLines.isEmpty()) {
      return;
    }
    ArchiveParts.requireKind(kind);
    JsonBytes buf = lines;
    buf.reset(MAX_RETAINED_BUFFER);
    for (String line : jsonLines) {
      buf.writeRaw(line.getBytes(StandardCharsets.UTF_8));
      buf.writeByte('\n');
    }
    write(kind, buf);
  }

  private void write(String kind, JsonBytes buf) {
    Instant now = clock.instant();
    try {
      Part part = open.get(kind);
      if (part != null && part.due(now, rollInterval, maxPartBytes)) {
        seal(kind);
        part = null;
      }
      if (part == null) {
        part = openPart(kind, now);
        open.put(kind, part);
      }
      part.gzip.write(buf.array(), 0, buf.length());
      part.gzip.flush();
      part.channel.force(false);
      part.bytes += buf.length();
    } catch (IOException e) {
      throw new UncheckedIOException("archive append to " + dir + " failed", e);
    }
  }

  /** Seals the open parts whose hour or roll interval is over (call it now and then). */
  public synchronized void sealIfDue() {
    Instant now = clock.instant();
    for (String kind : List.copyOf(open.keySet())) {
      if (open.get(kind).due(now, rollInterval, maxPartBytes)) {
        sealQuietly(kind);
      }
    }
  }

  /** Seals the open parts now, whatever their age (they become visible to readers). */
  public synchronized void roll() {
    for (String kind : List.copyOf(open.keySet())) {
      sealQuietly(kind);
    }
  }

  @Override
  public synchronized void close() {
    roll();
  }

  private void sealQuietly(String kind) {
    try {
      seal(kind);
    } catch (IOException e) {
      throw new UncheckedIOException("archive seal failed", e);
    }
  }

  public Path dir() {
    return dir;
  }

  private Part openPart(String kind, Instant now) throws IOException {
    Path hourDir = dir.resolve(DAY.format(now)).resolve(HOUR.format(now));
    Files.createDirectories(hourDir);
    String name = kind + "-" + STAMP.format(now) + "-" + writerId + "-" + (partNo++) + ".jsonl.gz";
    Path finalPath = hourDir.resolve(name);
    Path tmp = hourDir.resolve(name + IN_PROGRESS);
    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileLock lock = ch.lock();
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
    return new Part(
        finalPath, tmp, ch, lock, fastGzip(out), now.truncatedTo(ChronoUnit.HOURS), now);
  }

  private void seal(String kind) throws IOException {
    Part p = open.remove(kind);
    if (p == null) {
      return;
    }
    p.gzip.finish();
    p.gzip.flush();
    p.channel.force(true);
    // renamed while still locked, so no recovering writer can take it for an orphan
    moveAtomically(p.tmp, p.finalPath);
    p.gzip.close();
  }

  /**
   * Seals every part under {@code dir} whose writer is gone (no process holds its lock): its
   * complete lines go to a finished file, the unfinished one is removed. Returns how many.
   */
  public static int recover(Path dir) {
    List<Path> orphans;
    try (Stream<Path> files = Files.walk(dir)) {
      orphans = files.filter(p -> p.getFileName().toString().endsWith(IN_PROGRESS)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int sealed = 0;
    for (Path orphan : orphans) {
      try (FileChannel ch = FileChannel.open(orphan, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException inThisJvm) {
          continue;
        }
        if (lock == null) {
          continue; // a live writer in another process
        }
        EventArchive.Lines lines = EventArchive.readLines(orphan);
        String name = orphan.getFileName().toString();
        Path finalPath =
            orphan.resolveSibling(name.substring(0, name.length() - IN_PROGRESS.length()));
        if (!lines.lines().isEmpty()) {
          Path tmp = orphan.resolveSibling(name + ".recovering");
          try (FileChannel out =
                  FileChannel.open(
                      tmp,
                      StandardOpenOption.CREATE,
                      StandardOpenOption.TRUNCATE_EXISTING,
                      StandardOpenOption.WRITE);
              GZIPOutputStream gz = fastGzip(Channels.newOutputStream(out))) {
            for (String line : lines.lines()) {
              gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            gz.finish();
            gz.flush();
            out.force(true);
          }
          moveAtomically(tmp, finalPath);
        }
        Files.delete(orphan);
        lock.release();
        sealed++;
      } catch (java.nio.file.NoSuchFileException sealedMeanwhile) {
        // its writer finished it while we looked
      } catch (IOException e) {
        log.warn("Archive: could not seal {}: {}", orphan, e.toString());
      }
    }
    return sealed;
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Gzip at the fastest level (the consumer's CPU is the budget) that sync-flushes on flush(). */
  private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 1 << 16, true) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
  }

  /** The part being written. */
  private static final class Part {
    final Path finalPath;
    final Path tmp;
    final FileChannel channel;
    final FileLock lock;
    final GZIPOutputStream gzip;
    final Instant hour;
    final Instant openedAt;
    long bytes;

    Part(
        Path finalPath,
        Path tmp,
        FileChannel channel,
        FileLock lock,
        GZIPOutputStream gzip,
        Instant hour,
        Instant openedAt) {
      this.finalPath = finalPath;
      this.tmp = tmp;
      this.channel = channel;
      this.lock = lock;
      this.gzip = gzip;
      this.hour = hour;
      this.openedAt = openedAt;
    }

    boolean due(Instant now, Duration roll, long maxBytes) {
      return !now.truncatedTo(ChronoUnit.HOURS).equals(hour)
          || !now.isBefore(openedAt.plus(roll))
          || bytes >= maxBytes;
    }
  }

  /** For tests: the unfinished parts under the directory. */
  static List<Path> inProgress(Path dir) {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(p -> p.toString().endsWith(IN_PROGRESS)).forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
