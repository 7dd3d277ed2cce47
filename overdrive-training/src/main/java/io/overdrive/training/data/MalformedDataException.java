package io.overdrive.training.data;

import java.nio.file.Path;

/** Input the trainer cannot read; the message names the file and the 1-based line. */
public final class MalformedDataException extends RuntimeException {
  private final transient Path file;
  private final long line;

  public MalformedDataException(Path file, long line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  public MalformedDataException(Path file, long line, String message, Throwable cause) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem is the file as a whole. */
  public long line() {
    return line;
  }
}
