package io.overdrive.store;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.catalogue.CatalogueLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link CatalogueLog} in Redis: two sorted sets scored by the time an id was noted (ms),
 * {@code od:catalogue:fresh} and {@code od:catalogue:takedowns} (decision 0200). Each is one key
 * (one slot on a Cluster): its writers are the consumers, a few times per second; its readers poll
 * it a few times per second per replica. Bounded by age and count on every write.
 */
public final class RedisCatalogueLog implements CatalogueLog {
  private final RedisClusterAsyncCommands<String, String> redis;
  private final Duration timeout;

  RedisCatalogueLog(RedisClusterAsyncCommands<String, String> redis, Duration timeout) {
    this.redis = redis;
    this.timeout = timeout;
  }

  @Override
  public void addFresh(Collection<String> itemIds, Instant at, Duration maxAge, int capacity) {
    add(RedisKeys.FRESH_ITEMS, itemIds, at, at.minus(maxAge), capacity, List.of());
  }

  @Override
  public void addTakedowns(
      Collection<String> itemIds, Instant at, Duration retention, int capacity) {
    List<CompletableFuture<?>> also = new ArrayList<>();
    if (!itemIds.isEmpty()) {
      also.add(
          redis.zrem(RedisKeys.FRESH_ITEMS, itemIds.toArray(String[]::new)).toCompletableFuture());
    }
    add(RedisKeys.TAKEDOWNS, itemIds, at, at.minus(retention), capacity, also);
  }

  private void add(
      String key,
      Collection<String> ids,
      Instant at,
      Instant oldest,
      int capacity,
      List<CompletableFuture<?>> also) {
    if (ids.isEmpty()) {
      return;
    }
    List<CompletableFuture<?>> writes = new ArrayList<>(also);
    double score = at.toEpochMilli();
    @SuppressWarnings("unchecked")
    ScoredValue<String>[] values = new ScoredValue[ids.size()];
    int k = 0;
    for (String id : ids) {
      values[k++] = ScoredValue.just(score, id);
    }
    writes.add(redis.zadd(key, (Object[]) values).toCompletableFuture());
    writes.add(
        redis
            .zremrangebyscore(
                key, Range.create(Double.NEGATIVE_INFINITY, oldest.toEpochMilli() - 1.0))
            .toCompletableFuture());
    // keep the newest `capacity`: ranks 0..(size - capacity - 1) are the oldest
    writes.add(redis.zremrangebyrank(key, 0, -capacity - 1L).toCompletableFuture());
    RedisReplies.await(writes, "write " + key, timeout, timeout);
  }

  @Override
  public List<Entry> freshSince(Instant since, int max) {
    return since(RedisKeys.FRESH_ITEMS, since, max);
  }

  @Override
  public List<Entry> takedownsSince(Instant since, int max) {
    return since(RedisKeys.TAKEDOWNS, since, max);
  }

  private List<Entry> since(String key, Instant since, int max) {
    var f =
        redis
            .zrangebyscoreWithScores(
                key,
                Range.create((double) since.toEpochMilli(), Double.POSITIVE_INFINITY),
                Limit.create(0, max))
            .toCompletableFuture();
    RedisReplies.await(List.of(f), "read " + key, timeout, timeout);
    List<Entry> out = new ArrayList<>();
    for (ScoredValue<String> v : f.join()) {
      out.add(new Entry(v.getValue(), Instant.ofEpochMilli((long) v.getScore())));
    }
    return out;
  }

  @Override
  public String describe() {
    return "redis";
  }
}
