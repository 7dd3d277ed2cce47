package io.overdrive.api.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis side of shared rate limits, on the same {@code OVERDRIVE_REDIS_URL} as the feature
 * store (a server, or a cluster: several comma-separated nodes, or one node that says it is in a
 * cluster). The connection is opened on first use, so the API starts while Redis is still coming
 * up; Lettuce reconnects by itself after a failure. Buckets expire from Redis once they would be
 * full again.
 */
final class RedisBucketStore implements AutoCloseable {
  private static final Duration BUCKET_TTL_MARGIN = Duration.ofSeconds(10);

  private final List<RedisURI> uris;
  private AutoCloseable client;
  private ProxyManager<byte[]> proxyManager;

  RedisBucketStore(String redisUrl, Duration timeout) {
    this.uris =
        Arrays.stream(redisUrl.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> RedisURI.create(s.contains("://") ? s : "redis://" + s))
            .peek(u -> u.setTimeout(timeout))
            .toList();
  }

  synchronized ProxyManager<byte[]> proxyManager() {
    if (proxyManager == null) {
      var expiry =
          ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(BUCKET_TTL_MARGIN);
      if (uris.size() == 1) {
        RedisClient standalone = RedisClient.create(uris.get(0));
        StatefulRedisConnection<byte[], byte[]> c = standalone.connect(ByteArrayCodec.INSTANCE);
        boolean cluster = c.sync().info("cluster").contains("cluster_enabled:1");
        if (!cluster) {
          client = () -> standalone.shutdown();
          proxyManager = Bucket4jLettuce.casBasedBuilder(c).expirationAfterWrite(expiry).build();
          return proxyManager;
        }
        c.close();
        standalone.shutdown();
      }
      RedisClusterClient cluster = RedisClusterClient.create(uris);
      client = () -> cluster.shutdown();
      proxyManager = Bucket4jLettuce.casBasedBuilder(cluster).expirationAfterWrite(expiry).build();
    }
    return proxyManager;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      try {
        client.close();
      } catch (Exception ignored) {
        // shutting down: nothing useful to do with a failure to close
      }
    }
    client = null;
    proxyManager = null;
  }
}
