package io.overdrive.api.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past {@code overdrive.max-body-size}. */
public class BodyTooLargeException extends IOException {
  public BodyTooLargeException(long maxBytes) {
    super("the request body is larger than the limit of " + maxBytes + " bytes");
  }
}
