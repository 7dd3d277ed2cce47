package io.overdrive.events;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Run in a child JVM by {@link ArchiveWriterTest}: appends batches, then dies like a killed process
 * (no shutdown hooks, no close), leaving its part unfinished.
 */
public final class ArchiveCrashMain {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int batches = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    ArchiveWriter w =
        new ArchiveWriter(
            dir,
            Duration.ofMinutes(10),
            1 << 30,
            java.time.Clock.fixed(Instant.parse("2026-11-27T09:58:00Z"), java.time.ZoneOffset.UTC));
    for (int b = 0; b < batches; b++) {
      w.append(ArchiveWriterTest.events(b * size, size));
    }
    Runtime.getRuntime().halt(137);
  }
}
