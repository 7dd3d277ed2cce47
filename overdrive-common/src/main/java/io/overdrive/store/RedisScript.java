package io.overdrive.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script from the classpath, with the shared functions of {@code item_stats.lua} (and of
 * {@code outcomes.lua} where named) in front (Redis runs a script as one unit: it cannot load
 * another), and its SHA-1, for EVALSHA.
 */
record RedisScript(String body, String sha) {
  /** The learning scripts: a user's events (and, on a single server, their items' stats). */
  static final RedisScript APPLY_USER = load("apply_user.lua", "outcomes.lua");

  /** On a Cluster: an item's events, in the item's slot. */
  static final RedisScript APPLY_ITEM = load("apply_item.lua");

  /** Served rankings counted for their experiment arms. */
  static final RedisScript APPLY_RANKINGS = load("apply_rankings.lua", "outcomes.lua");

  /** {@code name} after {@code item_stats.lua} and the other shared files given. */
  static RedisScript load(String name, String... shared) {
    StringBuilder b = new StringBuilder(source("item_stats.lua")).append('\n');
    for (String s : shared) {
      b.append(source(s)).append('\n');
    }
    String body = b.append(source(name)).toString();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(body, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the script: EVALSHA, or EVAL (which caches it) when the server does not know it yet, e.g.
   * after a failover to a node that never saw it. String keys, one binary argument (the packed
   * {@link ScriptArgs}).
   */
  CompletableFuture<List<Object>> call(
      RedisClusterAsyncCommands<String, String> redis, String[] keys, byte[] packed) {
    return eval(redis, CommandType.EVALSHA, sha, keys, packed)
        .exceptionallyCompose(
            e ->
                RedisReplies.unwrap(e) instanceof RedisNoScriptException
                    ? eval(redis, CommandType.EVAL, body, keys, packed)
                    : CompletableFuture.failedFuture(RedisReplies.unwrap(e)));
  }

  private static CompletableFuture<List<Object>> eval(
      RedisClusterAsyncCommands<String, String> redis,
      CommandType type,
      String script,
      String[] keys,
      byte[] packed) {
    CommandArgs<String, String> a =
        new CommandArgs<>(ExactUtf8Codec.INSTANCE)
            .add(script)
            .add(keys.length)
            .addKeys(keys)
            .add(packed);
    return redis.dispatch(type, new NestedMultiOutput<>(StringCodec.UTF8), a).toCompletableFuture();
  }

  /** A script file of src/main/resources/overdrive/redis, as written (tests run its parts). */
  static String source(String name) {
    try (InputStream in = RedisScript.class.getResourceAsStream("/overdrive/redis/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
