package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive's per-event CPU, single-threaded: {@link EventJson#toJson} and the archive append's
 * serialise + gzip (BEST_SPEED, a sync-flush per batch, into a discarding stream: the file write
 * and fsync are left out), each against the previous Jackson-generator implementation kept here,
 * old and new alternating within every round. Prints one JSON line with the medians in ns/event.
 *
 * <p>Run: {@code java -cp
 * overdrive-common/target/test-classes:overdrive-common/target/classes:$(cat
 * overdrive-common/target/cp.txt) io.overdrive.events.ArchiveAppendBench [--events N] [--rounds R]
 * [--batch B]}
 */
public final class ArchiveAppendBench {
  private static final ObjectMapper MAPPER = new JsonMapper();
  private static long sink;

  private ArchiveAppendBench() {}

  public static void main(String[] args) throws IOException {
    int n = intArg(args, "--events", 200_000);
    int rounds = intArg(args, "--rounds", 5);
    int batch = intArg(args, "--batch", 500);
    List<Interaction> events = events(n, new SplittableRandom(42));
    List<List<Interaction>> batches = new ArrayList<>();
    for (int i = 0; i < n; i += batch) {
      batches.add(events.subList(i, Math.min(n, i + batch)));
    }
    long identical = events.stream().filter(e -> oldToJson(e).equals(EventJson.toJson(e))).count();
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
          sink += (old ? oldToJson(e) : EventJson.toJson(e)).length();
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
            "{\"bench\":\"archive-append\",\"events\":%d,\"batch\":%d,\"rounds\":%d,"
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

  /** Realistic events: ids, author, dwell, completion, surface, position, 1-2 hashtags. */
  static List<Interaction> events(int n, SplittableRandom rnd) {
    String[] surfaces = {"for_you", "following", "search", "profile"};
    String[] tags = {"gaming", "ps5", "cooking", "travel", "fitness", "music", "diy", "cats"};
    InteractionType[] types = InteractionType.values();
    Instant t0 = Instant.parse("2026-11-27T09:00:00Z");
    List<Interaction> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      InteractionType type = rnd.nextInt(3) == 0 ? types[rnd.nextInt(types.length)] : types[1];
      List<String> hashtags =
          rnd.nextBoolean()
              ? List.of(tags[rnd.nextInt(tags.length)])
              : List.of(tags[rnd.nextInt(tags.length)], tags[rnd.nextInt(tags.length)]);
      out.add(
          new Interaction(
              new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString(),
              "u" + rnd.nextInt(1_000_000),
              "n" + rnd.nextInt(5_000_000),
              "a" + rnd.nextInt(100_000),
              type,
              rnd.nextInt(60_000),
              // as the consumer decodes it from the protobuf float
              Double.parseDouble(
                  Float.toString(
                      rnd.nextBoolean()
                          ? (float) rnd.nextDouble()
                          : Math.round(rnd.nextDouble() * 100) / 100f)),
              rnd.nextInt(50),
              surfaces[rnd.nextInt(surfaces.length)],
              rnd.nextInt(4) == 0 ? "treatment" : null,
              t0.plusMillis(i * 40L + rnd.nextInt(40)),
              hashtags));
    }
    return out;
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
      sb.append(oldToJson(e)).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    gz.write(bytes);
    gz.flush();
  }

  /** EventJson.toJson before this change (Jackson's streaming generator). */
  static String oldToJson(Interaction e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("event_id", e.eventId());
      g.writeStringProperty("user_id", e.userId());
      g.writeStringProperty("item_id", e.itemId());
      if (e.authorId() != null) {
        g.writeStringProperty("author_id", e.authorId());
      }
      g.writeStringProperty("type", e.type().wireName());
      if (e.dwellMs() > 0) {
        g.writeNumberProperty("dwell_ms", e.dwellMs());
      }
      if (e.completion() != null) {
        g.writeNumberProperty("completion", e.completion().doubleValue());
      }
      if (e.position() != null) {
        g.writeNumberProperty("position", e.position().intValue());
      }
      if (e.surface() != null) {
        g.writeStringProperty("surface", e.surface());
      }
      if (e.experimentVariant() != null) {
        g.writeStringProperty("experiment_variant", e.experimentVariant());
      }
      g.writeStringProperty("timestamp", e.timestamp().toString());
      if (!e.hashtags().isEmpty()) {
        g.writeArrayPropertyStart("hashtags");
        for (String tag : e.hashtags()) {
          g.writeString(tag);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    return out.toString();
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

  private static int intArg(String[] args, String name, int def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }
}
