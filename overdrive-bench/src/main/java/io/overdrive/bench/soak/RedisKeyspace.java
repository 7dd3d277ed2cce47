package io.overdrive.bench.soak;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where Redis's memory is, by key kind (decision 0200's layout): every key once ({@code SCAN}), its
 * {@code MEMORY USAGE} and its element count (marks in a dedup set, items in a sequence list,
 * fields in a hash), summed per kind. What a flat or a growing {@code used_memory} line is made of:
 * a soak prints it every minute.
 */
final class RedisKeyspace {
  private RedisKeyspace() {}

  /** One kind's keys, bytes (MEMORY USAGE) and elements. */
  record Kind(long keys, long bytes, long elements) {
    Kind plus(long b, long e) {
      return new Kind(keys + 1, bytes + b, elements + e);
    }
  }

  /**
   * The kind of a key: {@code user}, {@code user_seq}, {@code user_dedup}, {@code user_hist} (the
   * interest history), {@code user_<suffix>}, {@code item}, {@code item_dedup}, {@code catalogue},
   * {@code outcomes}, {@code erasures} or {@code other}. Ids are escaped so that the hash tag's
   * closing brace is the last one.
   */
  static String kind(String key) {
    if (key.startsWith("od:u:{") || key.startsWith("od:i:{")) {
      String owner = key.charAt(3) == 'u' ? "user" : "item";
      int close = key.lastIndexOf('}');
      return close == key.length() - 1 ? owner : owner + "_" + key.substring(close + 2);
    }
    if (key.startsWith("od:catalogue:")) {
      return "catalogue";
    }
    if (key.startsWith("od:o:")) {
      return "outcomes";
    }
    if (key.startsWith("od:erased")) {
      return "erasures";
    }
    return "other";
  }

  /** Every key's size and element count, summed per kind. */
  static Map<String, Kind> measure(String redisUrl) {
    RedisClient client = RedisClient.create(redisUrl);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisAsyncCommands<String, String> redis = c.async();
      Map<String, Kind> kinds = new TreeMap<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.limit(1000));
        List<String> keys = page.getKeys();
        List<RedisFuture<Long>> bytes = new ArrayList<>(keys.size());
        List<RedisFuture<Long>> elements = new ArrayList<>(keys.size());
        for (String key : keys) {
          bytes.add(redis.memoryUsage(key));
          elements.add(elements(redis, key));
        }
        for (int i = 0; i < keys.size(); i++) {
          long b = value(bytes.get(i));
          long e = value(elements.get(i));
          kinds.merge(kind(keys.get(i)), new Kind(1, b, e), (x, y) -> x.plus(y.bytes, y.elements));
        }
        cursor = page;
      } while (!cursor.isFinished());
      return kinds;
    } finally {
      client.shutdown();
    }
  }

  private static RedisFuture<Long> elements(RedisAsyncCommands<String, String> redis, String key) {
    String kind = kind(key);
    if (kind.endsWith("_dedup")
        || kind.endsWith("_hist")
        || kind.equals("catalogue")
        || kind.equals("erasures")) {
      return redis.zcard(key);
    }
    if (kind.endsWith("_seq")) {
      return redis.llen(key);
    }
    return kind.equals("user") || kind.equals("item") || kind.equals("outcomes")
        ? redis.hlen(key)
        : null;
  }

  /** 0 for a key that expired (or changed type) between the scan and the question. */
  private static long value(RedisFuture<Long> f) {
    if (f == null) {
      return 0;
    }
    try {
      Long v = f.get(30, TimeUnit.SECONDS);
      return v == null ? 0 : v;
    } catch (Exception goneOrWrongType) {
      return 0;
    }
  }

  /** {@code {"user":{"keys":..,"mb":..,"elements":..},...}} */
  static String json(Map<String, Kind> kinds) {
    StringBuilder b = new StringBuilder("{");
    kinds.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? "," : "")
                .append(
                    String.format(
                        Locale.ROOT,
                        "\"%s\":{\"keys\":%d,\"mb\":%.2f,\"elements\":%d}",
                        k,
                        v.keys(),
                        v.bytes() / 1048576.0,
                        v.elements())));
    return b.append('}').toString();
  }
}
