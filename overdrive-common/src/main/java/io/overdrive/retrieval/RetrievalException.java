package io.overdrive.retrieval;

/**
 * A retriever could not answer (remote node unavailable, deadline exceeded, no user embedding).
 * {@link #reason()} is a short snake_case word that ends up in a response's {@code
 * candidate_source} as {@code fallback:<reason>}.
 */
public class RetrievalException extends RuntimeException {
  private final String reason;

  public RetrievalException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public RetrievalException(String reason, String message) {
    this(reason, message, null);
  }

  public String reason() {
    return reason;
  }
}
