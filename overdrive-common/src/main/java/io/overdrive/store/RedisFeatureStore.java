package io.overdrive.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.ForwardDecay;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed adapter: features in Redis (standalone or Cluster) through Lettuce's async API.
 * Key layout and why: docs/decisions/0200-redis-key-layout.md.
 *
 * <ul>
 *   <li>Reads: a user is one HGETALL (features + profile) and one LRANGE (sequence), sent together;
 *       a batch of items is one HGETALL per item (stats + catalogue record), all sent together.
 *   <li>Writes: deltas are grouped per user, summed per field in Java, and applied by a Lua script
 *       ({@code apply_user.lua}) that first checks the event ids against the user's dedup marks and
 *       then writes, so each event counts once even when redelivered. On a single server the same
 *       call writes the item stats of its events (summed per item), so an event needs one set of
 *       marks; on a Cluster, where an item's keys are in another slot, items are grouped too and
 *       applied by {@code apply_item.lua} with marks of their own. Groups share a script call when
 *       they share a slot (always, on a single server), up to {@link
 *       RedisStoreSettings#eventsPerScript()} events per call; all calls of a batch are in flight
 *       together.
 *   <li>Writes refresh the TTL of the keys they touch, at most once per {@link
 *       RedisStoreSettings#ttlRefreshInterval()} per key.
 * </ul>
 */
public final class RedisFeatureStore implements FeatureStore {
  private static final Logger log = LoggerFactory.getLogger(RedisFeatureStore.class);
  private static final int MAX_DUPLICATE_ROUNDS = 10;

  /** Fields of a group summed by linear search; beyond this many, by an index. */
  private static final int LINEAR_FIELDS = 16;

  static final java.time.Duration WRITE_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final RedisStoreSettings settings;
  private final ForwardDecay decay;
  private final int sequenceLength;
  private final long sessionTimeoutMs;
  private final Clock clock;
  private final boolean cluster;
  private final String description;
  private final AutoCloseable client;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> redis;
  // ranking reads queue their commands on this connection and flush them in one write: a batch of
  // 500 HGETALLs flushed one by one costs ~7x more under CPU contention (docs/benchmarks.md)
  private final StatefulConnection<String, String> readConnection;
  private final RedisClusterAsyncCommands<String, String> reads;
  private final Script userScript = Script.load("apply_user.lua");
  private final Script itemScript = Script.load("apply_item.lua");

  private RedisFeatureStore(
      RedisStoreSettings settings,
      LearningSettings learning,
      Clock clock,
      boolean cluster,
      String description,
      AutoCloseable client,
      StatefulConnection<String, String> connection,
      RedisClusterAsyncCommands<String, String> redis,
      StatefulConnection<String, String> readConnection,
      RedisClusterAsyncCommands<String, String> reads) {
    this.settings = settings;
    this.decay = learning.decay();
    this.sequenceLength = learning.sequenceLength();
    this.sessionTimeoutMs = learning.sessionTimeout().toMillis();
    this.clock = clock;
    this.cluster = cluster;
    this.description = description;
    this.client = client;
    this.connection = connection;
    this.redis = redis;
    this.readConnection = readConnection;
    this.reads = reads;
    readConnection.setAutoFlushCommands(false);
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
        return new RedisFeatureStore(
            settings,
            learning,
            clock,
            false,
            "redis://" + where,
            client,
            c,
            c.async(),
            r,
            r.async());
      }
      RedisClusterClient client = RedisClusterClient.create(uris);
      client.setOptions(
          ClusterClientOptions.builder()
              .timeoutOptions(timeouts(settings))
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .enablePeriodicRefresh(java.time.Duration.ofSeconds(30))
                      .build())
              .build());
      var c = client.connect(StringCodec.UTF8);
      var r = client.connect(StringCodec.UTF8);
      return new RedisFeatureStore(
          settings,
          learning,
          clock,
          true,
          "redis-cluster://" + where,
          client,
          c,
          c.async(),
          r,
          r.async());
    } catch (RedisException e) {
      throw new StoreUnavailableException("cannot connect to Redis at " + where, e);
    }
  }

  /**
   * Connects, retrying for up to {@code patience} while Redis is still coming up (containers start
   * in any order), then fails with the last error.
   */
  public static RedisFeatureStore connect(
      RedisStoreSettings settings, LearningSettings learning, java.time.Duration patience) {
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

  // ---------------------------------------------------------------- reads

  @Override
  public UserFeatures user(String userId, Instant now) {
    var hash = reads.hgetall(RedisKeys.user(userId));
    var seq = reads.lrange(RedisKeys.userSequence(userId), 0, sequenceLength - 1);
    readConnection.flushCommands();
    await(List.of(hash.toCompletableFuture(), seq.toCompletableFuture()), "read user " + userId);
    Map<String, String> fields = new HashMap<>(hash.toCompletableFuture().join());
    fields.remove(RedisKeys.TTL_REFRESHED_FIELD);
    String profileJson = fields.remove(RedisKeys.PROFILE_FIELD);
    UserProfile profile = profileJson == null ? null : CatalogueJson.parseUser(profileJson);
    return UserFeatures.decode(
        userId, profile, fields, seq.toCompletableFuture().join(), decay, now);
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    Map<String, CompletableFuture<Map<String, String>>> pending = new LinkedHashMap<>();
    for (String id : itemIds) {
      pending.computeIfAbsent(id, k -> reads.hgetall(RedisKeys.item(k)).toCompletableFuture());
    }
    readConnection.flushCommands();
    await(pending.values(), "read " + pending.size() + " items");
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    pending.forEach((id, f) -> out.put(id, itemRecord(id, f.join())));
    return out;
  }

  private static ItemRecord itemRecord(String id, Map<String, String> raw) {
    if (raw.isEmpty()) {
      return ItemRecord.unknown(id);
    }
    Map<String, String> fields = new HashMap<>(raw);
    fields.remove(RedisKeys.TTL_REFRESHED_FIELD);
    String meta = fields.remove(RedisKeys.ITEM_META_FIELD);
    Item item = meta == null ? Item.withId(id) : CatalogueJson.parseItem(meta);
    return new ItemRecord(item, InteractionUpdater.decodeItemStats(fields), meta != null);
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    var f = redis.hget(RedisKeys.user(userId), RedisKeys.PROFILE_FIELD).toCompletableFuture();
    await(List.of(f), "read profile " + userId);
    return Optional.ofNullable(f.join()).map(CatalogueJson::parseUser);
  }

  // ---------------------------------------------------------------- catalogue writes

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
    List<CompletableFuture<?>> writes = new ArrayList<>(items.size() * 2);
    for (Item item : items) {
      String key = RedisKeys.item(item.id());
      writes.add(
          redis
              .hset(key, RedisKeys.ITEM_META_FIELD, CatalogueJson.itemToJson(item))
              .toCompletableFuture());
      writes.add(redis.expire(key, ttlSeconds()).toCompletableFuture());
    }
    await(writes, "write " + items.size() + " items");
  }

  // ---------------------------------------------------------------- learning writes

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    if (deltas.isEmpty()) {
      return ApplyResult.NONE;
    }
    // a repeated event id within the batch is a duplicate before Redis is asked
    Map<String, Group> users = new LinkedHashMap<>();
    int repeatedInBatch = 0;
    for (FeatureDelta d : deltas) {
      if (!users.computeIfAbsent(d.userId(), Group::new).add(d)) {
        repeatedInBatch++;
      }
    }
    long now = clock.millis();
    // on a single server a user call also writes the item stats of its events (one set of marks
    // per event); on a Cluster items live in other slots and get calls, and marks, of their own
    Side userSide =
        new Side(
            userScript,
            g ->
                List.of(
                    RedisKeys.user(g.id), RedisKeys.userSequence(g.id), RedisKeys.userDedup(g.id)),
            RedisFeatureStore::userArgs,
            userHeader(now),
            !cluster);
    List<Call> all = new ArrayList<>(plan(byItem(users.values()), userSide));
    if (cluster) {
      Map<String, Group> items = new LinkedHashMap<>();
      users
          .values()
          .forEach(
              u -> u.deltas.forEach(d -> items.computeIfAbsent(d.itemId(), Group::new).add(d)));
      Side itemSide =
          new Side(
              itemScript,
              g -> List.of(RedisKeys.item(g.id), RedisKeys.itemDedup(g.id)),
              RedisFeatureStore::itemArgs,
              itemHeader(now),
              false);
      // user and item scripts touch different keys: both sides go out in the same round trip
      all.addAll(plan(items.values(), itemSide));
    }
    runUntilApplied(all);
    int userDuplicates = 0;
    int userApplied = 0;
    for (Group g : users.values()) {
      userDuplicates += g.redelivered;
      userApplied += g.deltas.size();
    }
    return new ApplyResult(userApplied, repeatedInBatch + userDuplicates);
  }

  /**
   * On a single server, the user groups ordered by their first event's item, so that the events of
   * one item fall into as few script calls as possible: each call reads and writes an item's hash
   * once for all its events there. With Zipf-popular items and 5,000-event batches this cuts the
   * item hashes a call touches from ~0.79 to ~0.50 per event (decision 0200). On a Cluster items
   * get calls of their own, grouped by item already: the order is left alone.
   */
  private Collection<Group> byItem(Collection<Group> users) {
    if (cluster || users.size() < 2) {
      return users;
    }
    // sorted as (item hash, position) pairs in one long[]: a comparator over the groups cost
    // several times more (a pointer chase per comparison)
    Group[] groups = users.toArray(Group[]::new);
    long[] order = new long[groups.length];
    for (int i = 0; i < groups.length; i++) {
      order[i] = ((long) groups[i].deltas.get(0).itemId().hashCode() << 32) | i;
    }
    Arrays.sort(order);
    List<Group> sorted = new ArrayList<>(groups.length);
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
      // then the number of item keys in the call, written per call by run()
    };
  }

  private long[] itemHeader(long now) {
    return new long[] {
      now, settings.dedupWindow().toMillis(), ttlSeconds(), settings.ttlRefreshInterval().toMillis()
    };
  }

  /**
   * Per user: n, event ids, event times, summed field increments, items to push (see the script).
   * Plain loops: this runs once per user and batch, where a stream's setup was a visible cost.
   */
  private static void userArgs(Group g, ScriptArgs args) {
    List<FeatureDelta> ds = g.deltas;
    args.add(ds.size());
    for (FeatureDelta d : ds) {
      args.add(d.eventId());
    }
    for (FeatureDelta d : ds) {
      args.add(d.eventTimeMillis());
    }
    addIncrements(ds, FeatureDelta::userIncrements, args);
    int pushed = 0;
    for (FeatureDelta d : ds) {
      pushed += d.sequenceItem() == null ? 0 : 1;
    }
    args.add(pushed);
    for (FeatureDelta d : ds) {
      if (d.sequenceItem() != null) {
        args.add(d.sequenceItem());
      }
    }
  }

  /** Per item: n, event ids, summed field increments (see the script). */
  private static void itemArgs(Group g, ScriptArgs args) {
    args.add(g.deltas.size());
    for (FeatureDelta d : g.deltas) {
      args.add(d.eventId());
    }
    addIncrements(g.deltas, FeatureDelta::itemIncrements, args);
  }

  /**
   * nf, then (field, increment) x nf: one side's increments of {@code ds}, summed per field in the
   * order fields first appear. An item's events share a dozen fields at most, so the sums live in
   * two arrays searched linearly — cheaper than a map of boxed doubles, which showed in the
   * consumer's profile once an item's events were gathered into one call ({@link #byItem}). A heavy
   * user's group can name hundreds of interests and authors: past {@link #LINEAR_FIELDS} fields an
   * index finds them instead.
   */
  private static void addIncrements(
      List<FeatureDelta> ds, Function<FeatureDelta, Map<String, Double>> side, ScriptArgs args) {
    if (ds.size() == 1) { // most groups hold one event: nothing to sum
      Map<String, Double> only = side.apply(ds.get(0));
      args.add(only.size());
      only.forEach(
          (field, v) -> {
            args.add(field);
            args.add((double) v);
          });
      return;
    }
    String[] fields = new String[LINEAR_FIELDS];
    double[] sums = new double[LINEAR_FIELDS];
    Map<String, Integer> index = null; // built once there are more than LINEAR_FIELDS fields
    int nf = 0;
    for (FeatureDelta d : ds) {
      for (Map.Entry<String, Double> e : side.apply(d).entrySet()) {
        String field = e.getKey();
        int f;
        if (index == null) {
          f = 0;
          while (f < nf && !fields[f].equals(field)) {
            f++;
          }
        } else {
          f = index.getOrDefault(field, nf);
        }
        if (f < nf) {
          sums[f] += e.getValue();
          continue;
        }
        if (nf == fields.length) {
          fields = Arrays.copyOf(fields, 2 * nf);
          sums = Arrays.copyOf(sums, 2 * nf);
          if (index == null) {
            index = new HashMap<>();
            for (int i = 0; i < nf; i++) {
              index.put(fields[i], i);
            }
          }
        }
        if (index != null) {
          index.put(field, nf);
        }
        fields[nf] = field;
        sums[nf++] = e.getValue();
      }
    }
    args.add(nf);
    for (int f = 0; f < nf; f++) {
      args.add(fields[f]);
      args.add(sums[f]);
    }
  }

  /**
   * Splits groups into script calls: keys of one call share a slot (one bucket on a standalone
   * server) and a call carries at most {@code eventsPerScript} events; a group larger than that is
   * split, its parts applied in order on one connection.
   */
  private List<Call> plan(Collection<Group> groups, Side side) {
    Map<Integer, List<Group>> bySlot = new LinkedHashMap<>();
    for (Group g : groups) {
      for (Group part : g.split(settings.eventsPerScript())) {
        int slot = cluster ? SlotHash.getSlot(side.keys.apply(part).get(0)) : 0;
        bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(part);
      }
    }
    List<Call> calls = new ArrayList<>();
    for (List<Group> bucket : bySlot.values()) {
      Call call = new Call(side);
      for (Group g : bucket) {
        if (!call.groups.isEmpty() && call.events + g.deltas.size() > settings.eventsPerScript()) {
          calls.add(call);
          call = new Call(side);
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
  private void runUntilApplied(List<Call> calls) {
    List<Call> pending = calls;
    for (int round = 0; round < MAX_DUPLICATE_ROUNDS; round++) {
      List<CompletableFuture<List<Object>>> replies = new ArrayList<>(pending.size());
      for (Call c : pending) {
        replies.add(run(c));
      }
      await(replies, "apply " + pending.size() + " script calls", WRITE_TIMEOUT);
      List<Call> again = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        List<Object> reply = replies.get(i).join();
        if (((Number) reply.get(0)).longValue() == 0) {
          continue;
        }
        Call c = pending.get(i);
        for (int r = 1; r + 1 < reply.size(); r += 2) {
          Group g = c.groups.get(((Number) reply.get(r)).intValue());
          g.dropRedelivered((String) reply.get(r + 1));
        }
        Call retry = new Call(c.side);
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

  private CompletableFuture<List<Object>> run(Call c) {
    Map<String, List<FeatureDelta>> items = new LinkedHashMap<>();
    if (c.side.withItems) {
      for (Group g : c.groups) {
        for (FeatureDelta d : g.deltas) {
          items.computeIfAbsent(d.itemId(), k -> new ArrayList<>()).add(d);
        }
      }
    }
    List<String> keys = new ArrayList<>();
    ScriptArgs args = new ScriptArgs(64 + 160 * c.events);
    for (long h : c.side.header) {
      args.add(h);
    }
    if (c.side.script == userScript) { // it takes the number of item keys after its header
      args.add(items.size());
    }
    for (Group g : c.groups) {
      keys.addAll(c.side.keys.apply(g));
      c.side.args.accept(g, args);
    }
    items.forEach(
        (item, increments) -> {
          keys.add(RedisKeys.item(item));
          addIncrements(increments, FeatureDelta::itemIncrements, args);
        });
    String[] k = keys.toArray(String[]::new);
    byte[] packed = args.toBytes();
    Script s = c.side.script;
    return eval(CommandType.EVALSHA, s.sha, k, packed)
        .exceptionallyCompose(
            e ->
                unwrap(e) instanceof RedisNoScriptException
                    ? eval(CommandType.EVAL, s.body, k, packed)
                    : CompletableFuture.failedFuture(unwrap(e)));
  }

  /** EVALSHA or EVAL with string keys and one binary argument (the packed {@link ScriptArgs}). */
  private CompletableFuture<List<Object>> eval(
      CommandType type, String script, String[] keys, byte[] packed) {
    CommandArgs<String, String> a =
        new CommandArgs<>(ExactUtf8Codec.INSTANCE)
            .add(script)
            .add(keys.length)
            .addKeys(keys)
            .add(packed);
    return redis.dispatch(type, new NestedMultiOutput<>(StringCodec.UTF8), a).toCompletableFuture();
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
    return description;
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
    return cluster;
  }

  @Override
  public void close() {
    try {
      readConnection.close();
      connection.close();
      client.close();
    } catch (Exception e) {
      log.warn("closing the Redis client: {}", e.toString());
    }
  }

  private long ttlSeconds() {
    return settings.featureTtl().toSeconds();
  }

  private void await(Collection<? extends CompletableFuture<?>> futures, String what) {
    await(futures, what, settings.commandTimeout());
  }

  private void await(
      Collection<? extends CompletableFuture<?>> futures, String what, java.time.Duration limit) {
    long timeoutMs = Math.max(limit.toMillis(), settings.commandTimeout().toMillis()) * 2 + 1000;
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(what + ": interrupted", e);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          what + ": Redis did not answer in " + timeoutMs + " ms", e);
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RedisCommandExecutionException rejected && !isTransient(rejected)) {
        // the server refused what it was given (e.g. a key of the wrong type): the same call
        // would fail again, so the caller must set the offending events apart
        throw new IllegalStateException(
            what + ": Redis rejected it: " + rejected.getMessage(), cause);
      }
      throw new StoreUnavailableException(what + ": " + cause, cause);
    }
  }

  /** Server errors that pass: out of memory, a replica or loading node, a cluster in flux. */
  private static boolean isTransient(RedisCommandExecutionException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    for (String code :
        List.of(
            "OOM",
            "READONLY",
            "LOADING",
            "BUSY",
            "MASTERDOWN",
            "CLUSTERDOWN",
            "TRYAGAIN",
            "NOREPLICAS",
            "MISCONF")) {
      if (m.startsWith(code)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---------------------------------------------------------------- batch structures

  /**
   * The events of one user (or one item) in a batch, in delivery order. A group too large for one
   * script call is split into parts; a redelivery a part finds is dropped from and counted on its
   * parent.
   */
  static final class Group {
    final String id;
    final List<FeatureDelta> deltas = new ArrayList<>();
    private Set<String> eventIds; // the group's event ids, from its second event on
    private final Group parent;
    int redelivered;

    Group(String id) {
      this(id, null);
    }

    private Group(String id, Group parent) {
      this.id = id;
      this.parent = parent;
    }

    /** False when the event id is already in the group (a repeat within the batch). */
    boolean add(FeatureDelta d) {
      if (eventIds == null && !deltas.isEmpty()) { // most groups hold one event: no set for them
        eventIds = new HashSet<>();
        deltas.forEach(x -> eventIds.add(x.eventId()));
      }
      if (eventIds != null && !eventIds.add(d.eventId())) {
        return false;
      }
      deltas.add(d);
      return true;
    }

    void dropRedelivered(String eventId) {
      if (!deltas.removeIf(d -> d.eventId().equals(eventId))) {
        return;
      }
      if (parent == null) {
        redelivered++;
      } else {
        parent.deltas.removeIf(d -> d.eventId().equals(eventId));
        parent.redelivered++;
      }
    }

    /** Parts of at most {@code max} events, in order. */
    List<Group> split(int max) {
      if (deltas.size() <= max) {
        return List.of(this);
      }
      List<Group> parts = new ArrayList<>();
      for (int i = 0; i < deltas.size(); i += max) {
        Group part = new Group(id, this);
        deltas.subList(i, Math.min(deltas.size(), i + max)).forEach(part::add);
        parts.add(part);
      }
      return parts;
    }
  }

  /**
   * One side of the batch: its script, the keys of a group, its arguments, the header arguments,
   * and whether a call also carries the item stats of its events (user calls on a single server).
   */
  private record Side(
      Script script,
      Function<Group, List<String>> keys,
      java.util.function.BiConsumer<Group, ScriptArgs> args,
      long[] header,
      boolean withItems) {}

  /** One script call: groups whose keys share a slot. */
  private static final class Call {
    final Side side;
    final List<Group> groups = new ArrayList<>();
    int events;

    Call(Side side) {
      this.side = side;
    }

    void add(Group g) {
      groups.add(g);
      events += g.deltas.size();
    }
  }

  /**
   * A Lua script from the classpath, with the shared functions of {@code item_stats.lua} in front
   * (Redis runs a script as one unit: it cannot load another), and its SHA-1, for EVALSHA.
   */
  private record Script(String body, String sha) {
    static Script load(String name) {
      String body = scriptSource("item_stats.lua") + "\n" + scriptSource(name);
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
        return new Script(body, HexFormat.of().formatHex(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A script file of src/main/resources/overdrive/redis, as written (tests run its parts). */
  static String scriptSource(String name) {
    try (InputStream in = RedisFeatureStore.class.getResourceAsStream("/overdrive/redis/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
