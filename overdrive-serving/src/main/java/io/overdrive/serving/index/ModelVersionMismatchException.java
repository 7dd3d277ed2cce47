package io.overdrive.serving.index;

/** Vectors computed with one model version were sent to an index of another. */
public final class ModelVersionMismatchException extends RuntimeException {
  public ModelVersionMismatchException(String message) {
    super(message);
  }
}
