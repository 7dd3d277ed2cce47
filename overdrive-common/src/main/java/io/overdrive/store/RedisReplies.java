package io.overdrive.store;

import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Lettuce's replies, and what a failed one means to the store's callers. */
final class RedisReplies {
  private RedisReplies() {}

  /**
   * Waits for all of {@code futures}: twice the longer of {@code limit} and the command timeout,
   * plus a second (Lettuce times each command out itself; this only guards against a lost reply).
   *
   * @throws StoreUnavailableException when Redis did not answer or failed in a way that may pass
   * @throws IllegalStateException when Redis refused what it was given (e.g. a key of the wrong
   *     type): the same call would fail again, so the caller must set the offending events apart
   */
  static void await(
      Collection<? extends CompletableFuture<?>> futures,
      String what,
      Duration limit,
      Duration commandTimeout) {
    long timeoutMs = Math.max(limit.toMillis(), commandTimeout.toMillis()) * 2 + 1000;
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(what + ": interrupted", e);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          what + ": Redis did not answer in " + timeoutMs + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RedisCommandExecutionException rejected && !isTransient(rejected)) {
        throw new IllegalStateException(
            what + ": Redis rejected it: " + rejected.getMessage(), cause);
      }
      throw new StoreUnavailableException(what + ": " + cause, cause);
    }
  }

  /**
   * Server errors that pass: out of memory, a replica or loading node, a cluster in flux. Inside a
   * script Redis reports them behind the script's own prefix ({@code ERR user_script:187: OOM
   * command not allowed ...}, Redis 6: {@code ... @user_script: 1: -OOM ...}): a full Redis is not
   * a bad event, and its events must be retried, never dead-lettered.
   */
  static boolean isTransient(RedisCommandExecutionException e) {
    return TRANSIENT.matcher(e.getMessage() == null ? "" : e.getMessage()).find();
  }

  private static final java.util.regex.Pattern TRANSIENT =
      java.util.regex.Pattern.compile(
          "(^|: -?)(OOM|READONLY|LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS|MISCONF)"
              + "\\b");

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
