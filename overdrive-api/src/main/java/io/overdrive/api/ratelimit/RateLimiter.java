package io.overdrive.api.ratelimit;

/** Decides whether a caller may make one more request now. */
public interface RateLimiter extends AutoCloseable {

  Decision tryAcquire(String callerKey);

  /** "in-memory" or "redis", for logs. */
  String describe();

  /**
   * @param remaining requests left in the caller's bucket after this one
   * @param retryAfterNanos when refused, how long until a request would be allowed
   */
  @Override
  default void close() throws Exception {}

  record Decision(boolean allowed, long remaining, long retryAfterNanos) {}
}
