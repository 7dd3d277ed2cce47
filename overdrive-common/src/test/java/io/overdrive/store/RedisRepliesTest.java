package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

/** Which server errors pass (retry, 503) and which mean the request itself is refused. */
class RedisRepliesTest {
  private static boolean transientError(String message) {
    return RedisReplies.isTransient(new RedisCommandExecutionException(message));
  }

  @Test
  void outOfMemoryPassesAlsoWhenAScriptReportsIt() {
    assertThat(transientError("OOM command not allowed when used memory > 'maxmemory'.")).isTrue();
    assertThat(
            transientError(
                "ERR user_script:187: OOM command not allowed when used memory > 'maxmemory'."
                    + " script: f628..., on @user_script:187."))
        .isTrue();
    assertThat(
            transientError(
                "ERR Error running script (call to f_1): @user_script:1: @user_script: 1: -OOM"
                    + " command not allowed when used memory > 'maxmemory'."))
        .isTrue();
    assertThat(transientError("LOADING Redis is loading the dataset in memory")).isTrue();
  }

  @Test
  void aRefusedRequestDoesNotPass() {
    assertThat(transientError("WRONGTYPE Operation against a key holding the wrong kind of value"))
        .isFalse();
    assertThat(transientError("ERR user_script:12: WRONGTYPE Operation against a key")).isFalse();
    assertThat(transientError("ERR the room is LOADINGBAY")).isFalse();
  }
}
