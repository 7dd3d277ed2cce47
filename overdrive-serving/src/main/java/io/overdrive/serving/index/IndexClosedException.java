package io.overdrive.serving.index;

/** The index was swapped out and closed while a caller still held it; the caller retries. */
public final class IndexClosedException extends RuntimeException {
  public IndexClosedException() {
    super("index closed", null, false, false);
  }
}
