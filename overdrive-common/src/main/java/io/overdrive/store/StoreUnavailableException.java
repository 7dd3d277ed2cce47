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

  /**
   * Redis refused a write because it reached its {@code maxmemory} (an {@code OOM} error): it is
   * up, and stays refusing until memory is freed or raised, so it needs an operator, not a retry.
   */
  public boolean outOfMemory() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("OOM command not allowed")) {
        return true;
      }
    }
    return false;
  }
}
