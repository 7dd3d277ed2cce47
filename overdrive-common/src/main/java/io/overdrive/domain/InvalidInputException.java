package io.overdrive.domain;

/** Input that cannot be accepted; {@link #field()} names the offending field for the caller. */
public class InvalidInputException extends RuntimeException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
