package io.overdrive.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real three-master Redis Cluster of {@code redis-server} processes on random loopback ports (no
 * replicas), with the 16384 slots split evenly. For tests of cluster-specific behaviour: keys of
 * one user must share a slot, multi-key scripts must not cross slots.
 */
public final class RedisCluster implements AutoCloseable {
  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = nodes;
  }

  public static RedisCluster start() {
    return start(3);
  }

  public static RedisCluster start(int masters) {
    List<RedisServer> nodes = new ArrayList<>();
    List<Integer> busPorts = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        int bus = RedisServer.freePort();
        busPorts.add(bus);
        nodes.add(
            RedisServer.start(
                List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-port",
                    Integer.toString(bus),
                    "--cluster-node-timeout",
                    "3000")));
      }
      int per = 16384 / masters;
      for (int i = 0; i < masters; i++) {
        int from = i * per;
        int to = i == masters - 1 ? 16383 : from + per - 1;
        nodes
            .get(i)
            .command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
      }
      for (int i = 1; i < masters; i++) {
        nodes
            .get(0)
            .command(
                "CLUSTER",
                "MEET",
                "127.0.0.1",
                Integer.toString(nodes.get(i).port()),
                Integer.toString(busPorts.get(i)));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.awaitHealthy(masters);
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private void awaitHealthy(int masters) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisServer n : nodes) {
        String info = n.command("CLUSTER", "INFO");
        ok &=
            info.contains("cluster_state:ok")
                && info.contains("cluster_known_nodes:" + masters)
                && info.contains("cluster_slots_assigned:16384");
      }
      if (ok) {
        return;
      }
      RedisServer.sleep(50);
    }
    throw new IllegalStateException("redis cluster did not become healthy");
  }

  public List<RedisServer> nodes() {
    return nodes;
  }

  /** Seed URLs of all nodes, comma-separated: what {@code OVERDRIVE_REDIS_URL} takes. */
  public String url() {
    return nodes.stream().map(RedisServer::url).collect(Collectors.joining(","));
  }

  public void flushAll() {
    nodes.forEach(RedisServer::flushAll);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
