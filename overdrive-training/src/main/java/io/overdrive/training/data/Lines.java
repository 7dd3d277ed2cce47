package io.overdrive.training.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads a text file (gzip when it ends in .gz) line by line with 1-based line numbers. */
final class Lines {
  /** Receives one line; throw {@link IllegalArgumentException} to reject it. */
  interface LineHandler {
    void accept(long lineNo, String line);
  }

  private Lines() {}

  static void read(Path file, Charset charset, LineHandler handler) {
    long lineNo = 0;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, charset), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          handler.accept(lineNo, line);
        } catch (MalformedDataException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new MalformedDataException(file, lineNo, e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (line " + (lineNo + 1) + ")", e);
    }
  }

  static long parseLong(String field, String what) {
    try {
      return Long.parseLong(field.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, got '" + field + "'");
    }
  }

  static double parseDouble(String field, String what) {
    try {
      return Double.parseDouble(field.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number, got '" + field + "'");
    }
  }
}
