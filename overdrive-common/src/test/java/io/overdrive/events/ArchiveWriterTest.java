package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.testing.MutableClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {
  private static final Instant T0 = Instant.parse("2026-11-27T09:58:00Z");
  @TempDir Path dir;

  static List<Interaction> events(int from, int n) {
    List<Interaction> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(
          new Interaction(
              "e" + i,
              "u" + (i % 13),
              "n" + (i % 31),
              "a1",
              InteractionType.VIEW,
              1000 + i,
              0.5,
              i % 20,
              "for_you",
              null,
              T0.plusSeconds(i),
              List.of("gaming")));
    }
    return out;
  }

  @Test
  void partsArePartitionedByHourAndVisibleOnlyOnceSealed() {
    MutableClock clock = new MutableClock(T0);
    try (ArchiveWriter w = new ArchiveWriter(dir, Duration.ofMinutes(10), 1 << 30, clock)) {
      w.append(events(0, 100));
      assertThat(EventArchive.eventFiles(dir)).as("the open part is not visible").isEmpty();
      assertThat(ArchiveWriter.inProgress(dir)).hasSize(1);

      clock.advance(Duration.ofMinutes(3)); // 10:01: a new hour seals the 09 part
      w.append(events(100, 50));
      List<Path> files = EventArchive.eventFiles(dir);
      assertThat(files).hasSize(1);
      assertThat(dir.relativize(files.get(0)).toString()).startsWith("2026-11-27/09/events-");

      clock.advance(Duration.ofMinutes(11)); // roll interval over: sealed when due
      w.sealIfDue();
      assertThat(EventArchive.eventFiles(dir)).hasSize(2);
      assertThat(dir.relativize(EventArchive.eventFiles(dir).get(1)).toString())
          .startsWith("2026-11-27/10/");
    }
    assertThat(EventArchive.readAll(dir)).isEqualTo(events(0, 150));
  }

  @Test
  void theReaderSkipsRepeatedEventIdsAndKeepsFileOrder() {
    try (ArchiveWriter w =
        new ArchiveWriter(dir, Duration.ofMinutes(10), 1 << 30, new MutableClock(T0))) {
      w.append(events(0, 10));
      w.append(events(5, 10)); // a redelivered batch overlaps
    }
    List<Interaction> read = new ArrayList<>();
    EventArchive.ReadStats stats = EventArchive.forEach(dir, read::add);
    assertThat(read).isEqualTo(events(0, 15));
    assertThat(stats.duplicates()).isEqualTo(5);
  }

  @Test
  void aProcessKilledMidStreamLosesNoAppendedEventAndLeavesNoBrokenFile() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ArchiveCrashMain.class.getName(),
                dir.toString(),
                "20",
                "250")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(137);
    assertThat(ArchiveWriter.inProgress(dir)).as("the killed writer's part").hasSize(1);

    // the next writer seals the orphan: every appended (acknowledged) event is there
    new ArchiveWriter(dir, Duration.ofMinutes(10), 1 << 30, new MutableClock(T0)).close();
    assertThat(ArchiveWriter.inProgress(dir)).isEmpty();
    assertThat(EventArchive.readAll(dir)).isEqualTo(events(0, 20 * 250));
  }

  @Test
  void aPartCutAtAnyByteStillReadsItsCompleteLines() throws IOException {
    Path src = dir.resolve("src");
    try (ArchiveWriter w =
        new ArchiveWriter(src, Duration.ofMinutes(10), 1 << 30, new MutableClock(T0))) {
      for (int b = 0; b < 8; b++) {
        w.append(events(b * 40, 40));
      }
    }
    Path sealed = EventArchive.eventFiles(src).get(0);
    byte[] whole = Files.readAllBytes(sealed);
    for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 23)) {
      Path broken = dir.resolve("cut").resolve("events-cut.jsonl.gz");
      Files.createDirectories(broken.getParent());
      Files.write(broken, java.util.Arrays.copyOf(whole, cut));
      List<Interaction> read = EventArchive.readAll(broken.getParent());
      assertThat(read).as("cut at %d", cut).isEqualTo(events(0, read.size()));

      // and a cut unfinished part is sealed without an error
      Path orphan = dir.resolve("orphan").resolve("events-x.jsonl.gz" + ArchiveWriter.IN_PROGRESS);
      Files.createDirectories(orphan.getParent());
      Files.write(orphan, java.util.Arrays.copyOf(whole, cut));
      ArchiveWriter.recover(orphan.getParent());
      assertThat(ArchiveWriter.inProgress(orphan.getParent())).isEmpty();
      assertThat(EventArchive.readAll(orphan.getParent())).isEqualTo(read);
      Files.deleteIfExists(orphan.resolveSibling("events-x.jsonl.gz"));
    }
  }

  @Test
  void aPartHeldByALiveWriterIsNotTakenForAnOrphan() throws IOException {
    try (ArchiveWriter live =
        new ArchiveWriter(dir, Duration.ofMinutes(10), 1 << 30, new MutableClock(T0))) {
      live.append(events(0, 10));
      assertThat(ArchiveWriter.recover(dir)).isZero();
      assertThat(ArchiveWriter.inProgress(dir)).hasSize(1);
      live.append(events(10, 10));
    }
    assertThat(EventArchive.readAll(dir)).isEqualTo(events(0, 20));
    // a part whose file lock is free is an orphan
    Path orphan = dir.resolve("x").resolve("events-y.jsonl.gz" + ArchiveWriter.IN_PROGRESS);
    Files.createDirectories(orphan.getParent());
    try (FileChannel ch =
        FileChannel.open(orphan, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    assertThat(ArchiveWriter.recover(dir)).isEqualTo(1);
  }
}
