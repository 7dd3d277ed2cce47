package io.overdrive.store;

/**
 * The backing store could not be reached or did not answer in time. Transient by nature: a caller
 * retries (the consumer re-reads its batch; nothing was counted twice thanks to the dedup marks) or
 * answers 503.
 */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
