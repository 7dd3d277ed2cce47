package io.overdrive.serving.index;

/** No index is loaded yet (no model version published, or the first build is running). */
public final class IndexNotReadyException extends RuntimeException {
  public IndexNotReadyException(String message) {
    super(message);
  }
}
