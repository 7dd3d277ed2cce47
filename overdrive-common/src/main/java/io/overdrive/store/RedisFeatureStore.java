package io.overdrive.store;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed adapter: features in Redis (standalone or Cluster) through Lettuce's async API.
 * Key layout and why: docs/decisions/0200-redis-key-layout.md. Its parts:
 *
 * <ul>
 *   <li>{@link RedisConnections}: the client, a write and a read connection, their timeouts.
 *   <li>{@link RedisFeatureReader}: the ranking's reads of users and items, one flush each.
 *   <li>{@link RedisDeltaWriter}: the learning writes, grouped per user (and per item on a Cluster)
 *       into {@link ScriptCall}s of the Lua scripts ({@link RedisScript}), with their arguments
 *       packed by {@link DeltaArgs}, resent without the events a redelivery finds.
 *   <li>Here: connecting, the catalogue writes (profiles, items) and the admin commands.
 * </ul>
 */
public final class RedisFeatureStore implements FeatureStore {
  private static final Logger log = LoggerFactory.getLogger(RedisFeatureStore.class);

  private final RedisStoreSettings settings;
  private final RedisConnections connections;
  private final RedisClusterAsyncCommands<String, String> redis;
  private final RedisFeatureReader reader;
  private final RedisDeltaWriter writer;

  private RedisFeatureStore(
      RedisStoreSettings settings,
      LearningSettings learning,
      Clock clock,
      RedisConnections connections) {
    this.settings = settings;
    this.connections = connections;
    this.redis = connections.writes();
    this.reader =
        new RedisFeatureReader(
            connections, learning.decay(), learning.sequenceLength(), settings.commandTimeout());
    this.writer =
        new RedisDeltaWriter(
            settings,
            learning.sequenceLength(),
            learning.sessionTimeout().toMillis(),
            clock,
            connections);
  }

  public static RedisFeatureStore connect(RedisStoreSettings settings, LearningSettings learning) {
    return connect(settings, learning, Clock.systemUTC());
  }

  /**
   * Connects to the server or cluster of {@code settings.url()}: a comma-separated list is a
   * cluster's seed nodes; a single URL is asked whether it is a cluster node.
   *
   * @param clock when events are applied (the score of dedup marks)
   * @throws StoreUnavailableException when Redis cannot be reached
   */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings, LearningSettings learning, Clock clock) {
    return new RedisFeatureStore(settings, learning, clock, RedisConnections.open(settings));
  }

  /**
   * Connects, retrying for up to {@code patience} while Redis is still coming up (containers start
   * in any order), then fails with the last error.
   */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings, LearningSettings learning, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return connect(settings, learning, Clock.systemUTC());
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        log.warn("{}; retrying", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public UserFeatures user(String userId, Instant now) {
    return reader.user(userId, now);
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    return reader.items(itemIds);
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    var f = redis.hget(RedisKeys.user(userId), RedisKeys.PROFILE_FIELD).toCompletableFuture();
    await(List.of(f), "read profile " + userId);
    return Optional.ofNullable(f.join()).map(CatalogueJson::parseUser);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void putProfile(UserProfile profile) {
    String key = RedisKeys.user(profile.userId());
    await(
        List.of(
            redis
                .hset(key, RedisKeys.PROFILE_FIELD, CatalogueJson.userToJson(profile))
                .toCompletableFuture(),
            redis.expire(key, ttlSeconds()).toCompletableFuture()),
        "write profile " + profile.userId());
  }

  @Override
  public void putItems(Collection<Item> items) {
    List<CompletableFuture<?>> writes = new ArrayList<>(items.size() * 3);
    for (Item item : items) {
      String key = RedisKeys.item(item.id());
      writes.add(
          redis
              .hset(key, RedisKeys.ITEM_META_FIELD, CatalogueJson.itemToJson(item))
              .toCompletableFuture());
      // a restored item: no takedown mark, and the scripts refresh its TTL again
      writes.add(
          redis
              .hdel(key, RedisKeys.TAKEN_DOWN_FIELD, RedisKeys.TTL_REFRESHED_FIELD)
              .toCompletableFuture());
      writes.add(redis.expire(key, ttlSeconds()).toCompletableFuture());
    }
    await(writes, "write " + items.size() + " items");
  }

  /** {@code _ttl_at} of a taken-down hash: far enough ahead that no script refreshes its TTL. */
  static final String NEVER_REFRESH = Long.toString(Long.MAX_VALUE / 4);

  @Override
  public void takeDownItems(Collection<String> itemIds, Instant at) {
    List<CompletableFuture<?>> writes = new ArrayList<>(itemIds.size() * 3);
    for (String id : itemIds) {
      String key = RedisKeys.item(id);
      writes.add(redis.hdel(key, RedisKeys.ITEM_META_FIELD).toCompletableFuture());
      writes.add(
          redis
              .hset(
                  key,
                  Map.of(
                      RedisKeys.TAKEN_DOWN_FIELD,
                      Long.toString(at.toEpochMilli()),
                      RedisKeys.TTL_REFRESHED_FIELD,
                      NEVER_REFRESH))
              .toCompletableFuture());
      writes.add(redis.persist(key).toCompletableFuture());
    }
    await(writes, "take down " + itemIds.size() + " items");
  }

  /** The fresh-item pool and takedown log on this Redis (the same connections). */
  public RedisCatalogueLog catalogueLog() {
    return new RedisCatalogueLog(redis, settings.commandTimeout());
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    return writer.apply(deltas);
  }

  // ---------------------------------------------------------------- admin

  @Override
  public boolean eraseUser(String userId) {
    var f =
        redis
            .del(
                RedisKeys.user(userId), RedisKeys.userSequence(userId), RedisKeys.userDedup(userId))
            .toCompletableFuture();
    await(List.of(f), "erase user " + userId);
    return f.join() > 0;
  }

  @Override
  public String describe() {
    return connections.description();
  }

  @Override
  public boolean ping() {
    try {
      return "PONG"
          .equals(redis.ping().get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RedisException e) {
      return false;
    }
  }

  public RedisStoreSettings settings() {
    return settings;
  }

  public boolean isCluster() {
    return connections.cluster();
  }

  @Override
  public void close() {
    try {
      connections.close();
    } catch (Exception e) {
      log.warn("closing the Redis client: {}", e.toString());
    }
  }

  private long ttlSeconds() {
    return settings.featureTtl().toSeconds();
  }

  private void await(Collection<? extends CompletableFuture<?>> futures, String what) {
    RedisReplies.await(futures, what, settings.commandTimeout(), settings.commandTimeout());
  }
}
