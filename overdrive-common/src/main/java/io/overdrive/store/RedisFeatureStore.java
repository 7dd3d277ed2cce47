package io.overdrive.store;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.ServedRanking;
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
  private final RedisRankingWriter rankings;
  private final Clock clock;
  private final ProfileCipher profiles;
  private volatile ErasureSnapshot erasures =
      new ErasureSnapshot(null, Erasures.NONE, Long.MAX_VALUE);

  /** The tombstones as of a version of {@link RedisKeys#erasuresVersion()}. */
  /**
   * @param oldestMs when the oldest tombstone read was written (Long.MAX_VALUE: none): once it is
   *     older than the window the set is read again, so a tombstone lasts the window, not until the
   *     next erasure
   */
  private record ErasureSnapshot(String version, Erasures erasures, long oldestMs) {}

  private RedisFeatureStore(
      RedisStoreSettings settings,
      LearningSettings learning,
      Clock clock,
      RedisConnections connections,
      ProfileCipher profiles) {
    this.settings = settings;
    this.profiles = profiles;
    this.connections = connections;
    this.redis = connections.writes();
    this.clock = clock;
    this.reader =
        new RedisFeatureReader(
            connections,
            learning.decay(),
            learning.sequenceLength(),
            settings.commandTimeout(),
            profiles);
    this.writer =
        new RedisDeltaWriter(
            settings,
            learning.sequenceLength(),
            learning.sessionTimeout().toMillis(),
            clock,
            connections);
    this.rankings = new RedisRankingWriter(settings, clock, connections);
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
    return connect(settings, learning, clock, ProfileCipher.PLAINTEXT);
  }

  /**
   * {@link #connect(RedisStoreSettings, LearningSettings, Clock)}, with signup profiles encrypted
   * at rest by {@code profiles}.
   */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings, LearningSettings learning, Clock clock, ProfileCipher profiles) {
    return new RedisFeatureStore(
        settings, learning, clock, RedisConnections.open(settings), profiles);
  }

  /**
   * Connects, retrying for up to {@code patience} while Redis is still coming up (containers start
   * in any order), then fails with the last error.
   */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings, LearningSettings learning, Duration patience) {
    return connect(settings, learning, patience, ProfileCipher.PLAINTEXT);
  }

  /** The retrying connect, with signup profiles encrypted at rest by {@code profiles}. */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings,
      LearningSettings learning,
      Duration patience,
      ProfileCipher profiles) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return connect(settings, learning, Clock.systemUTC(), profiles);
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
  public UserAndItems userAndItems(String userId, Instant now, Collection<String> itemIds) {
    return reader.userAndItems(userId, now, itemIds);
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    var f = redis.hget(RedisKeys.user(userId), RedisKeys.PROFILE_FIELD).toCompletableFuture();
    await(List.of(f), "read profile " + userId);
    return Optional.ofNullable(f.join())
        .map(stored -> CatalogueJson.parseUser(profiles.open(userId, stored)));
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void putProfile(UserProfile profile) {
    String key = RedisKeys.user(profile.userId());
    await(
        List.of(
            redis
                .hset(
                    key,
                    RedisKeys.PROFILE_FIELD,
                    profiles.seal(profile.userId(), CatalogueJson.userToJson(profile)))
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

  @Override
  public ApplyResult applyRankings(List<ServedRanking> served) {
    return rankings.apply(served);
  }

  /**
   * The outcome counters: one hash on a single server; on a Cluster one per slot, read in chunks of
   * {@value #OUTCOME_READS_IN_FLIGHT} pipelined reads and summed (16,384 small reads: an admin
   * call, not a hot path; chunks keep each wait within the command timeout).
   */
  @Override
  public OutcomeTotals outcomes() {
    int slots = connections.cluster() ? SlotHash.SLOT_COUNT : 1;
    List<OutcomeTotals> parts = new ArrayList<>();
    for (int from = 0; from < slots; from += OUTCOME_READS_IN_FLIGHT) {
      int to = Math.min(slots, from + OUTCOME_READS_IN_FLIGHT);
      List<CompletableFuture<Map<String, String>>> reads = new ArrayList<>(to - from);
      for (int slot = from; slot < to; slot++) {
        reads.add(redis.hgetall(RedisKeys.outcomes(slot)).toCompletableFuture());
      }
      await(reads, "read the outcome counters");
      for (CompletableFuture<Map<String, String>> r : reads) {
        if (!r.join().isEmpty()) {
          parts.add(OutcomeTotals.parse(r.join()));
        }
      }
    }
    return parts.size() == 1 ? parts.get(0) : OutcomeTotals.sum(parts);
  }

  private static final int OUTCOME_READS_IN_FLIGHT = 256;

  // ---------------------------------------------------------------- interest history

  @Override
  public void appendInterestSnapshot(
      String userId, io.overdrive.features.InterestSnapshot snapshot, int keep) {
    String key = RedisKeys.userInterestHistory(userId);
    double at = snapshot.at().toEpochMilli();
    // one connection keeps the order: the old snapshot of the same time goes before the new one
    await(
        List.of(
            redis.zremrangebyscore(key, io.lettuce.core.Range.create(at, at)).toCompletableFuture(),
            redis.zadd(key, at, snapshot.toJson()).toCompletableFuture(),
            redis.zremrangebyrank(key, 0, -(keep + 1L)).toCompletableFuture(),
            redis.expire(key, ttlSeconds()).toCompletableFuture()),
        "write the interest history of " + userId);
  }

  @Override
  public List<io.overdrive.features.InterestSnapshot> interestHistory(String userId) {
    var f = redis.zrange(RedisKeys.userInterestHistory(userId), 0, -1).toCompletableFuture();
    await(List.of(f), "read the interest history of " + userId);
    return f.join().stream().map(io.overdrive.features.InterestSnapshot::parse).toList();
  }

  // ---------------------------------------------------------------- admin

  @Override
  public boolean eraseUser(String userId) {
    // the tombstone first: a consumer that reloads the tombstones after this point drops the
    // user's late events; one that applied some just before the DEL finds the new version after
    // its write and erases again (EventIngestor)
    long now = clock.millis();
    long window = settings.dedupWindow().toMillis();
    await(
        List.of(
            redis.zadd(RedisKeys.erasures(), now, Erasures.hash(userId)).toCompletableFuture(),
            redis
                .zremrangebyscore(
                    RedisKeys.erasures(),
                    io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) (now - window)))
                .toCompletableFuture()),
        "write the erasure tombstone of " + userId);
    // the version only once the set holds the tombstone: on a Cluster the two keys live on
    // different nodes, and a reader that saw the new version before the new member would cache
    // the old set under it until the next erasure
    await(
        List.of(redis.incr(RedisKeys.erasuresVersion()).toCompletableFuture()),
        "bump the erasure tombstones' version");
    var f =
        redis
            .del(
                RedisKeys.user(userId),
                RedisKeys.userSequence(userId),
                RedisKeys.userDedup(userId),
                RedisKeys.userInterestHistory(userId))
            .toCompletableFuture();
    await(List.of(f), "erase user " + userId);
    return f.join() > 0;
  }

  /**
   * One GET of the tombstones' version; the sorted set is read again only when an erasure changed
   * it or its oldest tombstone aged out. Tombstones older than the dedup window are left out.
   */
  @Override
  public Erasures erasures() {
    var v = redis.get(RedisKeys.erasuresVersion()).toCompletableFuture();
    await(List.of(v), "read the erasure tombstones' version");
    String version = v.join();
    ErasureSnapshot cached = erasures;
    if (version == null) {
      return Erasures.NONE;
    }
    long since = clock.millis() - settings.dedupWindow().toMillis();
    if (version.equals(cached.version()) && cached.oldestMs() >= since) {
      return cached.erasures();
    }
    var all =
        redis
            .zrangebyscoreWithScores(
                RedisKeys.erasures(),
                io.lettuce.core.Range.create((double) since, Double.POSITIVE_INFINITY))
            .toCompletableFuture();
    await(List.of(all), "read the erasure tombstones");
    Map<String, Long> tombstones = new java.util.HashMap<>();
    all.join().forEach(s -> tombstones.put(s.getValue(), (long) s.getScore()));
    long oldest =
        tombstones.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    ErasureSnapshot fresh = new ErasureSnapshot(version, new Erasures(tombstones), oldest);
    erasures = fresh;
    return fresh.erasures();
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
