package io.overdrive.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script from the classpath, with the shared functions of {@code item_stats.lua} in front
 * (Redis runs a script as one unit: it cannot load another), and its SHA-1, for EVALSHA.
 */
record RedisScript(String body, String sha) {
  /** The learning scripts: a user's events (and, on a single server, their items' stats). */
  static final RedisScript APPLY_USER = load("apply_user.lua");

  /** On a Cluster: an item's events, in the item's slot. */
  static final RedisScript APPLY_ITEM = load("apply_item.lua");

  static RedisScript load(String name) {
    String body = source("item_stats.lua") + "\n" + source(name);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(body, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
