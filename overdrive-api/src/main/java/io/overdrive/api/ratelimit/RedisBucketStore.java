package io.overdrive.api.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;

/**
 * The Redis side of shared rate limits: one Lettuce connection, opened on first use (so the API
 * starts while Redis is still coming up) and reopened after a failure. Buckets expire from Redis
 * once they would be full again.
 */
final class RedisBucketStore implements AutoCloseable {
  private final String redisUrl;
  private final Duration timeout;
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> connection;
  private ProxyManager<byte[]> proxyManager;

  RedisBucketStore(String redisUrl, Duration timeout) {
    this.redisUrl = redisUrl;
    this.timeout = timeout;
  }

  synchronized ProxyManager<byte[]> proxyManager() {
    if (connection != null && !connection.isOpen()) {
      close();
    }
    if (proxyManager == null) {
      RedisURI uri = RedisURI.create(redisUrl);
      uri.setTimeout(timeout);
      client = RedisClient.create(uri);
      connection = client.connect(ByteArrayCodec.INSTANCE);
      proxyManager =
          Bucket4jLettuce.casBasedBuilder(connection)
              .expirationAfterWrite(
                  ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                      Duration.ofSeconds(10)))
              .build();
    }
    return proxyManager;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    if (client != null) {
      client.shutdown();
    }
    connection = null;
    client = null;
    proxyManager = null;
  }
}
