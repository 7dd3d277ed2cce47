package io.overdrive.model;

import java.util.Map;

/** An exported model that does not have the parameters or settings its format promises. */
public final class ModelFormatException extends RuntimeException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  static Tensor require(Map<String, Tensor> params, String name, int rank) {
    Tensor t = params.get(name);
    if (t == null) {
      throw new ModelFormatException("missing parameter " + name);
    }
    if (t.rank() != rank) {
      throw new ModelFormatException(name + " must have rank " + rank + ", has " + t.rank());
    }
    return t;
  }
}
