package io.overdrive.events;

import io.overdrive.bench.BenchArgs;
import io.overdrive.domain.Interaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The archive's per-event CPU, single-threaded: {@link EventJson#toJson} and the archive append's
 * serialise + gzip (BEST_SPEED, a sync-flush per batch, into a discarding stream: the file write
 * and fsync are left out), each against the previous Jackson-generator implementation ({@link
 * EventJsonReference}, overdrive-common's test jar), old and new alternating within every round.
 * Prints one JSON line with the medians in ns/event. Run with {@code bench/archive-append.sh
 * [--events N] [--rounds R] [--batch B]}.
 *
 * <p>In {@code io.overdrive.events}, not {@code io.overdrive.bench}: it times the package-private
 * encoder ({@code EventJson.write} into a {@code JsonBytes}) that the archive writer uses.
 */
public final class ArchiveAppendBenchmark {
  private static long sink;

  private ArchiveAppendBenchmark() {}

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args);
    int n = a.integer("events", 200_000);
    int rounds = a.integer("rounds", 5);
    int batch = a.integer("batch", 500);
    List<Interaction> events = EventJsonReference.events(n, new SplittableRandom(42));
    List<List<Interaction>> batches = new ArrayList<>();
    for (int i = 0; i < n; i += batch) {
      batches.add(events.subList(i, Math.min(n, i + batch)));
    }
    long identical =
        events.stream()
            .filter(e -> EventJsonReference.toJson(e).equals(EventJson.toJson(e)))
            .count();
    long bytes = 0;
    for (Interaction e : events) {
      bytes += EventJson.toJson(e).length() + 1;
    }

    double[][] t = new double[4][rounds];
    for (int r = -2; r < rounds; r++) { // two warm-up rounds
      double[] x = new double[4];
      boolean oldFirst = (r & 1) == 0;
      for (int k = 0; k < 2; k++) {
        boolean old = oldFirst == (k == 0);
        long t0 = System.nanoTime();
        for (Interaction e : events) {
          sink += (old ? EventJsonReference.toJson(e) : EventJson.toJson(e)).length();
        }
        x[old ? 0 : 1] = (System.nanoTime() - t0) / (double) n;
      }
      for (int k = 0; k < 2; k++) {
        boolean old = oldFirst == (k == 0);
        GZIPOutputStream gz = gzip(new Discard());
        JsonBytes buf = new JsonBytes(1 << 16);
        long t0 = System.nanoTime();
        for (List<Interaction> b : batches) {
          if (old) {
            oldAppend(b, gz);
          } else {
            newAppend(b, gz, buf);
          }
        }
        x[old ? 2 : 3] = (System.nanoTime() - t0) / (double) n;
        gz.finish();
      }
      if (r >= 0) {
        for (int i = 0; i < 4; i++) {
          t[i][r] = x[i];
        }
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"archive-append\",\"events\":%d,\"batch\":%d,\"rounds\":%d,"
                + "\"avg_line_bytes\":%.1f,\"identical_lines\":%d,"
                + "\"toJson_ns\":{\"old\":%.1f,\"new\":%.1f},"
                + "\"append_ns\":{\"old\":%.1f,\"new\":%.1f},\"sink\":%d}",
            n,
            batch,
            rounds,
            bytes / (double) n,
            identical,
            median(t[0]),
            median(t[1]),
            median(t[2]),
            median(t[3]),
            sink & 0xff));
  }

  private static void newAppend(List<Interaction> events, GZIPOutputStream gz, JsonBytes buf)
      throws IOException {
    buf.reset(4 << 20);
    for (Interaction e : events) {
      EventJson.write(e, buf);
      buf.writeByte('\n');
    }
    gz.write(buf.array(), 0, buf.length());
    gz.flush();
  }

  /** ArchiveWriter.append's serialisation before this change. */
  private static void oldAppend(List<Interaction> events, GZIPOutputStream gz) throws IOException {
    StringBuilder sb = new StringBuilder(events.size() * 256);
    for (Interaction e : events) {
      sb.append(EventJsonReference.toJson(e)).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    gz.write(bytes);
    gz.flush();
  }

  private static GZIPOutputStream gzip(OutputStream out) {
    try {
      return new GZIPOutputStream(out, 1 << 16, true) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts and drops. */
  private static final class Discard extends OutputStream {
    @Override
    public void write(int b) {
      sink++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sink += len;
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
