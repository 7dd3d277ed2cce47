package io.overdrive.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * SASRec's preprocessed format: one "user item" pair per line (whitespace separated, integer ids
 * from 1), each user's lines in time order. The path is the .txt file, or a directory holding
 * exactly one.
 */
public final class SasRecLoader {
  private SasRecLoader() {}

  public static InteractionData load(Path path, int minInteractions) {
    InteractionData.Builder b =
        InteractionData.builder(resolve(path).toString()).minInteractions(minInteractions);
    read(path, RatingsSink.into(b));
    return b.build();
  }

  /**
   * Reads the file's pairs into {@code sink}, each with a NaN rating and its line number as its
   * time (the line order is the time order).
   */
  public static void read(Path path, RatingsSink b) {
    Path file = resolve(path);
    Lines.read(
        file,
        StandardCharsets.UTF_8,
        (lineNo, line) -> {
          String[] f = line.trim().split("\\s+");
          if (f.length != 2) {
            throw new IllegalArgumentException(
                "expected 'user item' (two integers), got " + f.length + " fields");
          }
          long user = Lines.parseLong(f[0], "user id");
          long item = Lines.parseLong(f[1], "item id");
          if (user < 1 || item < 1) {
            throw new IllegalArgumentException("ids start at 1, got '" + line.trim() + "'");
          }
          // the line order is the time order
          b.rating(Long.toString(user), Long.toString(item), Double.NaN, lineNo);
        });
  }

  private static Path resolve(Path path) {
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) {
        throw new MalformedDataException(path, 0, "no such file");
      }
      return path;
    }
    try (Stream<Path> files = Files.list(path)) {
      List<Path> txt = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
      if (txt.size() != 1) {
        throw new MalformedDataException(
            path, 0, "expected one SASRec .txt file in the directory, found " + txt.size());
      }
      return txt.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
