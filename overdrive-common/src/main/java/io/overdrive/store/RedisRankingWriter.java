package io.overdrive.store;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.outcomes.Outcome;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Counts served rankings for their arms ({@code apply_rankings.lua}): each ranking id once per
 * user, by a mark in the user's dedup set (the one the learning scripts check event ids against),
 * in the same call as the count, so a redelivered ranking counts once. Rankings are grouped by slot
 * (one group on a single server) into calls of at most {@link RedisStoreSettings#eventsPerScript()}
 * rankings, all in flight together.
 */
final class RedisRankingWriter {
  /** A ranking's mark among a user's event ids: its id, in a namespace of its own. */
  static final String MARK_PREFIX = "ranking:";

  private final RedisStoreSettings settings;
  private final Clock clock;
  private final boolean cluster;
  private final RedisClusterAsyncCommands<String, String> redis;

  RedisRankingWriter(RedisStoreSettings settings, Clock clock, RedisConnections connections) {
    this.settings = settings;
    this.clock = clock;
    this.cluster = connections.cluster();
    this.redis = connections.writes();
  }

  ApplyResult apply(List<ServedRanking> rankings) {
    if (rankings.isEmpty()) {
      return ApplyResult.NONE;
    }
    // slot -> user -> rankings; a user's rankings stay in one call
    Map<Integer, Map<String, List<ServedRanking>>> bySlot = new LinkedHashMap<>();
    for (ServedRanking r : rankings) {
      int slot = cluster ? SlotHash.getSlot(RedisKeys.userDedup(r.userId())) : 0;
      bySlot
          .computeIfAbsent(slot, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.userId(), k -> new ArrayList<>())
          .add(r);
    }
    long now = clock.millis();
    List<CompletableFuture<List<Object>>> replies = new ArrayList<>();
    for (Map.Entry<Integer, Map<String, List<ServedRanking>>> slot : bySlot.entrySet()) {
      List<List<ServedRanking>> call = new ArrayList<>();
      int size = 0;
      for (List<ServedRanking> user : slot.getValue().values()) {
        if (!call.isEmpty() && size + user.size() > settings.eventsPerScript()) {
          replies.add(run(slot.getKey(), call, now));
          call = new ArrayList<>();
          size = 0;
        }
        call.add(user);
        size += user.size();
      }
      replies.add(run(slot.getKey(), call, now));
    }
    RedisReplies.await(
        replies,
        "count " + rankings.size() + " served rankings",
        RedisConnections.WRITE_TIMEOUT,
        settings.commandTimeout());
    // the marks found already there; of a ranking sent k times, the script counts the first
    // (unless marked before) and names the others: the last ones in the batch
    Map<String, Integer> redelivered = new HashMap<>();
    for (CompletableFuture<List<Object>> reply : replies) {
      for (Object mark : reply.join()) {
        redelivered.merge(((String) mark).substring(MARK_PREFIX.length()), 1, Integer::sum);
      }
    }
    ArmCounts.Builder counted = new ArmCounts.Builder();
    int applied = 0;
    for (int i = rankings.size() - 1; i >= 0; i--) {
      ServedRanking r = rankings.get(i);
      Integer left = redelivered.get(r.rankingId());
      if (left != null && left > 0) {
        redelivered.put(r.rankingId(), left - 1);
      } else {
        counted.add(Outcome.ranking(r.armCode()));
        applied++;
      }
    }
    return new ApplyResult(applied, rankings.size() - applied, counted.build());
  }

  private CompletableFuture<List<Object>> run(int slot, List<List<ServedRanking>> users, long now) {
    List<String> keys = new ArrayList<>(users.size() + 1);
    Map<String, Integer> armIndex = new LinkedHashMap<>();
    Map<String, Arm> arms = new LinkedHashMap<>();
    ScriptArgs args = new ScriptArgs(64 + 64 * users.size());
    args.add(now);
    args.add(settings.dedupWindow().toMillis());
    args.add((settings.dedupWindow().toMillis() + settings.ttlRefreshInterval().toMillis()) / 1000);
    args.add(settings.featureTtl().toSeconds());
    for (List<ServedRanking> user : users) {
      keys.add(RedisKeys.userDedup(user.get(0).userId()));
      args.add(user.size());
      for (ServedRanking r : user) {
        String code = r.armCode();
        arms.putIfAbsent(code, r.arm());
        args.add(MARK_PREFIX + r.rankingId());
        args.add(armIndex.computeIfAbsent(code, k -> armIndex.size() + 1));
      }
    }
    args.add(arms.size());
    arms.forEach(
        (code, arm) -> {
          args.add(code);
          args.add(arm.experiment());
          args.add(arm.variant());
        });
    keys.add(RedisKeys.outcomes(slot));
    return RedisScript.APPLY_RANKINGS.call(redis, keys.toArray(String[]::new), args.toBytes());
  }
}
