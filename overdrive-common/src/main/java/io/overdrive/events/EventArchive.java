package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an event archive: every {@code events*.jsonl} and {@code events*.jsonl.gz} file under a
 * directory, recursively (the consumer writes {@code <dir>/<yyyy-MM-dd>/<HH>/events-*.jsonl.gz},
 * the synthetic generator {@code <dir>/events.jsonl}). Tolerant by design: a gzip file cut short by
 * a crash yields the lines before the cut, an unreadable line is skipped and counted, and an event
 * id seen before is skipped (the archive is at-least-once: a batch redelivered after a crash is
 * appended again). Files still being written ({@code *.inprogress}) are not read.
 */
public final class EventArchive {
  private EventArchive() {}

  /** What a read found. */
  public record ReadStats(long events, long duplicates, long badLines, int truncatedFiles) {}

  /** Event files under {@code dir}, in path order (= time order for the consumer's layout). */
  public static List<Path> eventFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.startsWith("events")
                    && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Hands every event of the archive to {@code sink} once (the first occurrence of an event id
   * wins; the ids seen are kept in memory, about 100 bytes each).
   */
  public static ReadStats forEach(Path dir, Consumer<Interaction> sink) {
    Set<String> seen = new HashSet<>();
    long events = 0;
    long duplicates = 0;
    long bad = 0;
    int truncated = 0;
    for (Path file : eventFiles(dir)) {
      Lines lines = readLines(file);
      if (lines.truncated()) {
        truncated++;
      }
      for (String line : lines.lines()) {
        if (line.isBlank()) {
          continue;
        }
        Interaction e;
        try {
          e = EventJson.parse(line);
        } catch (InvalidInputException | IllegalArgumentException ex) {
          bad++;
          continue;
        }
        if (!seen.add(e.eventId())) {
          duplicates++;
          continue;
        }
        events++;
        sink.accept(e);
      }
    }
    return new ReadStats(events, duplicates, bad, truncated);
  }

  /** All events of the archive, once each, in file order. */
  public static List<Interaction> readAll(Path dir) {
    List<Interaction> out = new ArrayList<>();
    forEach(dir, out::add);
    return out;
  }

  /**
   * The complete lines of one archive file ({@code .jsonl} or {@code .jsonl.gz}); a gzip stream cut
   * short by a crash ends at its last complete line.
   */
  public static List<String> lines(Path file) {
    return readLines(file).lines();
  }

  /** The complete lines of one file; a gzip stream cut short ends at the last complete line. */
  record Lines(List<String> lines, boolean truncated) {}

  static Lines readLines(Path file) {
    List<String> lines = new ArrayList<>();
    boolean gz = file.getFileName().toString().contains(".gz");
    // bytes are split into lines here rather than by a BufferedReader: when a cut stream throws,
    // a reader would drop the whole lines it had buffered along with the fragment
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    boolean truncated = false;
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = gz ? new GZIPInputStream(raw, 65536) : raw;
      byte[] buf = new byte[65536];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              partial.write(buf, start, i - start);
              lines.add(partial.toString(StandardCharsets.UTF_8));
              partial.reset();
              start = i + 1;
            }
          }
          partial.write(buf, start, n - start);
        }
      } catch (EOFException | ZipException cut) {
        // written up to a sync-flush point (or mid-block) and never finished
        truncated = true;
      }
    } catch (EOFException | ZipException emptyOrCorruptHeader) {
      truncated = true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    if (!truncated && partial.size() > 0) {
      // a finished file whose last line lacks its newline: the line is whole
      lines.add(partial.toString(StandardCharsets.UTF_8));
    }
    return new Lines(lines, truncated);
  }
}
