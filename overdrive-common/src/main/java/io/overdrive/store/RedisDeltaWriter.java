package io.overdrive.store;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.features.FeatureDelta;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The learning writes: deltas are grouped per user, summed per field in Java, and applied by a Lua
 * script ({@code apply_user.lua}) that first checks the event ids against the user's dedup marks
 * and then writes, so each event counts once even when redelivered. On a single server the same
 * call writes the item stats of its events (summed per item), so an event needs one set of marks;
 * on a Cluster, where an item's keys are in another slot, items are grouped too and applied by
 * {@code apply_item.lua} with marks of their own. Groups share a script call when they share a slot
 * (always, on a single server), up to {@link RedisStoreSettings#eventsPerScript()} events per call;
 * all calls of a batch are in flight together. Writes refresh the TTL of the keys they touch, at
 * most once per {@link RedisStoreSettings#ttlRefreshInterval()} per key.
 */
final class RedisDeltaWriter {
  private static final int MAX_DUPLICATE_ROUNDS = 10;

  private final RedisStoreSettings settings;
  private final int sequenceLength;
  private final long sessionTimeoutMs;
  private final Clock clock;
  private final boolean cluster;
  private final RedisClusterAsyncCommands<String, String> redis;

  RedisDeltaWriter(
      RedisStoreSettings settings,
      int sequenceLength,
      long sessionTimeoutMs,
      Clock clock,
      RedisConnections connections) {
    this.settings = settings;
    this.sequenceLength = sequenceLength;
    this.sessionTimeoutMs = sessionTimeoutMs;
    this.clock = clock;
    this.cluster = connections.cluster();
    this.redis = connections.writes();
  }

  ApplyResult apply(List<FeatureDelta> deltas) {
    if (deltas.isEmpty()) {
      return ApplyResult.NONE;
    }
    // a repeated event id within the batch is a duplicate before Redis is asked
    Map<String, DeltaGroup> users = new LinkedHashMap<>();
    int repeatedInBatch = 0;
    for (FeatureDelta d : deltas) {
      if (!users.computeIfAbsent(d.userId(), DeltaGroup::new).add(d)) {
        repeatedInBatch++;
      }
    }
    long now = clock.millis();
    // on a single server a user call also writes the item stats of its events (one set of marks
    // per event); on a Cluster items live in other slots and get calls, and marks, of their own
    ScriptCall.Side userSide =
        new ScriptCall.Side(
            RedisScript.APPLY_USER,
            g ->
                List.of(
                    RedisKeys.user(g.id), RedisKeys.userSequence(g.id), RedisKeys.userDedup(g.id)),
            DeltaArgs::user,
            userHeader(now),
            !cluster);
    List<ScriptCall> all = new ArrayList<>(plan(byItem(users.values()), userSide));
    if (cluster) {
      Map<String, DeltaGroup> items = new LinkedHashMap<>();
      users
          .values()
          .forEach(
              u ->
                  u.deltas.forEach(d -> items.computeIfAbsent(d.itemId(), DeltaGroup::new).add(d)));
      ScriptCall.Side itemSide =
          new ScriptCall.Side(
              RedisScript.APPLY_ITEM,
              g -> List.of(RedisKeys.item(g.id), RedisKeys.itemDedup(g.id)),
              DeltaArgs::item,
              itemHeader(now),
              false);
      // user and item scripts touch different keys: both sides go out in the same round trip
      all.addAll(plan(items.values(), itemSide));
    }
    runUntilApplied(all);
    int userDuplicates = 0;
    int userApplied = 0;
    ArmCounts.Builder outcomes = null;
    for (DeltaGroup g : users.values()) {
      userDuplicates += g.redelivered;
      userApplied += g.deltas.size();
      for (FeatureDelta d : g.deltas) {
        if (d.outcome() != null) {
          outcomes = outcomes == null ? new ArmCounts.Builder() : outcomes;
          outcomes.add(d.outcome());
        }
      }
    }
    return new ApplyResult(
        userApplied,
        repeatedInBatch + userDuplicates,
        outcomes == null ? ArmCounts.NONE : outcomes.build());
  }

  /**
   * On a single server, the user groups ordered by their first event's item, so that the events of
   * one item fall into as few script calls as possible: each call reads and writes an item's hash
   * once for all its events there. With Zipf-popular items and 5,000-event batches this cuts the
   * item hashes a call touches from ~0.79 to ~0.50 per event (decision 0200). On a Cluster items
   * get calls of their own, grouped by item already: the order is left alone.
   */
  private Collection<DeltaGroup> byItem(Collection<DeltaGroup> users) {
    if (cluster || users.size() < 2) {
      return users;
    }
    // sorted as (item hash, position) pairs in one long[]: a comparator over the groups cost
    // several times more (a pointer chase per comparison)
    DeltaGroup[] groups = users.toArray(DeltaGroup[]::new);
    long[] order = new long[groups.length];
    for (int i = 0; i < groups.length; i++) {
      order[i] = ((long) groups[i].deltas.get(0).itemId().hashCode() << 32) | i;
    }
    Arrays.sort(order);
    List<DeltaGroup> sorted = new ArrayList<>(groups.length);
    for (long o : order) {
      sorted.add(groups[(int) o]);
    }
    return sorted;
  }

  private long[] userHeader(long now) {
    return new long[] {
      now,
      settings.dedupWindow().toMillis(),
      ttlSeconds(),
      sequenceLength,
      sessionTimeoutMs,
      settings.ttlRefreshInterval().toMillis()
      // then the number of item keys in the call and of outcome keys, written per call by run()
    };
  }

  private long[] itemHeader(long now) {
    return new long[] {
      now, settings.dedupWindow().toMillis(), ttlSeconds(), settings.ttlRefreshInterval().toMillis()
    };
  }

  private long ttlSeconds() {
    return settings.featureTtl().toSeconds();
  }

  /**
   * Splits groups into script calls: keys of one call share a slot (one bucket on a standalone
   * server) and a call carries at most {@code eventsPerScript} events; a group larger than that is
   * split, its parts applied in order on one connection.
   */
  private List<ScriptCall> plan(Collection<DeltaGroup> groups, ScriptCall.Side side) {
    Map<Integer, List<DeltaGroup>> bySlot = new LinkedHashMap<>();
    for (DeltaGroup g : groups) {
      for (DeltaGroup part : g.split(settings.eventsPerScript())) {
        int slot = cluster ? SlotHash.getSlot(side.keys().apply(part).get(0)) : 0;
        bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(part);
      }
    }
    List<ScriptCall> calls = new ArrayList<>();
    for (List<DeltaGroup> bucket : bySlot.values()) {
      ScriptCall call = new ScriptCall(side);
      for (DeltaGroup g : bucket) {
        if (!call.groups.isEmpty() && call.events + g.deltas.size() > settings.eventsPerScript()) {
          calls.add(call);
          call = new ScriptCall(side);
        }
        call.add(g);
      }
      calls.add(call);
    }
    return calls;
  }

  /**
   * Sends all calls at once; a call that names already-applied events wrote nothing, so those
   * events are dropped from their groups and the call is sent again.
   */
  private void runUntilApplied(List<ScriptCall> calls) {
    List<ScriptCall> pending = calls;
    for (int round = 0; round < MAX_DUPLICATE_ROUNDS; round++) {
      List<CompletableFuture<List<Object>>> replies = new ArrayList<>(pending.size());
      for (ScriptCall c : pending) {
        replies.add(run(c));
      }
      RedisReplies.await(
          replies,
          "apply " + pending.size() + " script calls",
          RedisConnections.WRITE_TIMEOUT,
          settings.commandTimeout());
      List<ScriptCall> again = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        List<Object> reply = replies.get(i).join();
        if (((Number) reply.get(0)).longValue() == 0) {
          continue;
        }
        ScriptCall c = pending.get(i);
        for (int r = 1; r + 1 < reply.size(); r += 2) {
          DeltaGroup g = c.groups.get(((Number) reply.get(r)).intValue());
          g.dropRedelivered((String) reply.get(r + 1));
        }
        ScriptCall retry = new ScriptCall(c.side);
        c.groups.stream().filter(g -> !g.deltas.isEmpty()).forEach(retry::add);
        if (!retry.groups.isEmpty()) {
          again.add(retry);
        }
      }
      if (again.isEmpty()) {
        return;
      }
      pending = again;
    }
    throw new StoreUnavailableException(
        "events kept turning out applied by a concurrent writer; giving up after "
            + MAX_DUPLICATE_ROUNDS
            + " rounds",
        null);
  }

  private CompletableFuture<List<Object>> run(ScriptCall c) {
    Map<String, List<FeatureDelta>> items = new LinkedHashMap<>();
    // the experiment arms the call's events count for: their sums, into the slot's counters
    ArmCounts.Builder arms = new ArmCounts.Builder();
    boolean userCall = c.side.script() == RedisScript.APPLY_USER;
    if (c.side.withItems() || userCall) {
      for (DeltaGroup g : c.groups) {
        for (FeatureDelta d : g.deltas) {
          if (c.side.withItems()) {
            items.computeIfAbsent(d.itemId(), k -> new ArrayList<>()).add(d);
          }
          if (userCall) {
            arms.add(d.outcome());
          }
        }
      }
    }
    List<String> keys = new ArrayList<>();
    ScriptArgs args = new ScriptArgs(64 + 160 * c.events);
    for (long h : c.side.header()) {
      args.add(h);
    }
    if (userCall) { // the number of item keys, and of outcome keys, next
      args.add(items.size());
      args.add(arms.sums().isEmpty() ? 0 : 1);
    }
    for (DeltaGroup g : c.groups) {
      keys.addAll(c.side.keys().apply(g));
      c.side.args().accept(g, args);
    }
    items.forEach(
        (item, increments) -> {
          keys.add(RedisKeys.item(item));
          DeltaArgs.increments(increments, FeatureDelta::itemIncrements, args);
        });
    if (!arms.sums().isEmpty()) {
      keys.add(RedisKeys.outcomes(cluster ? SlotHash.getSlot(keys.get(0)) : 0));
      DeltaArgs.armSums(arms.sums(), args);
    }
    return c.side.script().call(redis, keys.toArray(String[]::new), args.toBytes());
  }
}
