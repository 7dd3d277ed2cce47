package io.overdrive.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The store's Lettuce client and its two connections to a server or a cluster: one for writes and
 * single commands, one for ranking reads, which queue their commands and flush them in one write (a
 * batch of 500 HGETALLs flushed one by one costs ~7x more under CPU contention:
 * docs/benchmarks.md).
 */
record RedisConnections(
    boolean cluster,
    String description,
    AutoCloseable client,
    StatefulConnection<String, String> writeConnection,
    RedisClusterAsyncCommands<String, String> writes,
    StatefulConnection<String, String> readConnection,
    RedisClusterAsyncCommands<String, String> reads) {
  /** Write scripts get at least this long (see {@link #timeouts}). */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  RedisConnections {
    readConnection.setAutoFlushCommands(false);
  }

  /**
   * Connects to the server or cluster of {@code settings.url()}: a comma-separated list is a
   * cluster's seed nodes; a single URL is asked whether it is a cluster node.
   *
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  static RedisConnections open(RedisStoreSettings settings) {
    List<RedisURI> uris =
        Arrays.stream(settings.url().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> uri(s, settings))
            .toList();
    String where =
        uris.stream().map(u -> u.getHost() + ":" + u.getPort()).collect(Collectors.joining(","));
    try {
      if (uris.size() == 1 && !isClusterNode(uris.get(0))) {
        RedisClient client = RedisClient.create(uris.get(0));
        client.setOptions(
            ClientOptions.builder()
                .timeoutOptions(timeouts(settings))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
        StatefulRedisConnection<String, String> r = client.connect(StringCodec.UTF8);
        return new RedisConnections(false, "redis://" + where, client, c, c.async(), r, r.async());
      }
      RedisClusterClient client = RedisClusterClient.create(uris);
      client.setOptions(
          ClusterClientOptions.builder()
              .timeoutOptions(timeouts(settings))
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .build())
              .build());
      var c = client.connect(StringCodec.UTF8);
      var r = client.connect(StringCodec.UTF8);
      return new RedisConnections(
          true, "redis-cluster://" + where, client, c, c.async(), r, r.async());
    } catch (RedisException e) {
      throw new StoreUnavailableException("cannot connect to Redis at " + where, e);
    }
  }

  /**
   * While disconnected, commands fail at once (callers answer 503 or retry the batch) instead of
   * queueing for their timeout. Reads get the command timeout (the ranking's budget); write scripts
   * get at least {@link #WRITE_TIMEOUT}, because a batch's calls queue behind each other on the
   * connection and the last one's clock starts when the batch is sent.
   */
  private static TimeoutOptions timeouts(RedisStoreSettings settings) {
    long read = settings.commandTimeout().toMillis();
    long write = Math.max(read, WRITE_TIMEOUT.toMillis());
    return TimeoutOptions.builder()
        .timeoutSource(
            new TimeoutOptions.TimeoutSource() {
              @Override
              public long getTimeout(RedisCommand<?, ?, ?> command) {
                String type = command.getType().toString();
                return type.equals("EVALSHA") || type.equals("EVAL") ? write : read;
              }

              @Override
              public TimeUnit getTimeUnit() {
                return TimeUnit.MILLISECONDS;
              }
            })
        .build();
  }

  private static RedisURI uri(String s, RedisStoreSettings settings) {
    RedisURI u = RedisURI.create(s.contains("://") ? s : "redis://" + s);
    u.setTimeout(settings.commandTimeout());
    return u;
  }

  private static boolean isClusterNode(RedisURI uri) {
    RedisClient probe = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = probe.connect(StringCodec.UTF8)) {
      return c.sync().info("cluster").contains("cluster_enabled:1");
    } finally {
      probe.shutdown();
    }
  }

  /** Closes both connections, then the client. */
  void close() throws Exception {
    readConnection.close();
    writeConnection.close();
    client.close();
  }
}
