package io.overdrive.store;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.overdrive.concurrent.TwoWayTable;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.features.ForwardDecay;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.UserFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ranking's reads: a user is one HGETALL (features + profile) and one LRANGE (sequence), sent
 * together; a batch of items is one HGETALL per item (stats + catalogue record), all sent together.
 * Both queue on the read connection and go out in one flush.
 */
final class RedisFeatureReader {
  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> reads;
  private final ForwardDecay decay;
  private final int sequenceLength;
  private final Duration commandTimeout;
  private final ProfileCipher profiles;

  /** Catalogue records parsed lately, by id: two per pair of slots. */
  private static final int PARSED_BITS = 14;

  /** An item and the stored text it was parsed from. */
  private record Parsed(String meta, Item item) {}

  /**
   * The items parsed lately with their stored text. The item cache reloads every candidate about
   * once a second, and parsing its unchanged catalogue record again each time was ~7% of a serving
   * node's ranking CPU; a record read again with the same text is the item parsed before, the same
   * object, which the ranker's caches by identity then recognise (its content features). Racy by
   * design (a {@link TwoWayTable} of immutable records): a lost write costs a parse.
   */
  private final TwoWayTable<Parsed> parsed = new TwoWayTable<>(PARSED_BITS);

  RedisFeatureReader(
      RedisConnections connections,
      ForwardDecay decay,
      int sequenceLength,
      Duration timeout,
      ProfileCipher profiles) {
    this.profiles = profiles;
    this.connection = connections.readConnection();
    this.reads = connections.reads();
    this.decay = decay;
    this.sequenceLength = sequenceLength;
    this.commandTimeout = timeout;
  }

  UserFeatures user(String userId, Instant now) {
    var hash = reads.hgetall(RedisKeys.user(userId)).toCompletableFuture();
    var seq = reads.lrange(RedisKeys.userSequence(userId), 0, sequenceLength - 1);
    connection.flushCommands();
    await(List.of(hash, seq.toCompletableFuture()), "read user " + userId);
    return user(userId, now, hash.join(), seq.toCompletableFuture().join());
  }

  Map<String, ItemRecord> items(Collection<String> itemIds) {
    Map<String, CompletableFuture<Map<String, String>>> pending = sendItems(itemIds);
    connection.flushCommands();
    await(pending.values(), "read " + pending.size() + " items");
    return itemRecords(pending);
  }

  /** The user's two commands and the items' in one flush, one wait for all the replies. */
  FeatureStore.UserAndItems userAndItems(String userId, Instant now, Collection<String> itemIds) {
    var hash = reads.hgetall(RedisKeys.user(userId)).toCompletableFuture();
    var seq = reads.lrange(RedisKeys.userSequence(userId), 0, sequenceLength - 1);
    Map<String, CompletableFuture<Map<String, String>>> pending = sendItems(itemIds);
    connection.flushCommands();
    List<CompletableFuture<?>> all = new ArrayList<>(pending.size() + 2);
    all.add(hash);
    all.add(seq.toCompletableFuture());
    all.addAll(pending.values());
    await(all, "read user " + userId + " and " + pending.size() + " items");
    return new FeatureStore.UserAndItems(
        user(userId, now, hash.join(), seq.toCompletableFuture().join()), itemRecords(pending));
  }

  private UserFeatures user(
      String userId, Instant now, Map<String, String> stored, List<String> sequence) {
    Map<String, String> fields = new HashMap<>(stored);
    fields.remove(RedisKeys.TTL_REFRESHED_FIELD);
    String profileJson = fields.remove(RedisKeys.PROFILE_FIELD);
    UserProfile profile =
        profileJson == null ? null : CatalogueJson.parseUser(profiles.open(userId, profileJson));
    return UserFeatures.decode(userId, profile, fields, sequence, decay, now);
  }

  /** One HGETALL per distinct id, queued (not flushed). */
  private Map<String, CompletableFuture<Map<String, String>>> sendItems(Collection<String> ids) {
    Map<String, CompletableFuture<Map<String, String>>> pending = new LinkedHashMap<>();
    for (String id : ids) {
      pending.computeIfAbsent(id, k -> reads.hgetall(RedisKeys.item(k)).toCompletableFuture());
    }
    return pending;
  }

  private Map<String, ItemRecord> itemRecords(
      Map<String, CompletableFuture<Map<String, String>>> pending) {
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    pending.forEach((id, f) -> out.put(id, itemRecord(id, f.join())));
    return out;
  }

  private ItemRecord itemRecord(String id, Map<String, String> raw) {
    if (raw.isEmpty()) {
      return ItemRecord.unknown(id);
    }
    // the stats are read by name, so the other fields need not be taken out of a copy first
    String meta = raw.get(RedisKeys.ITEM_META_FIELD);
    String takenDown = raw.get(RedisKeys.TAKEN_DOWN_FIELD);
    Item item = meta == null ? Item.withId(id) : item(id, meta);
    return new ItemRecord(
        item,
        InteractionUpdater.decodeItemStats(raw),
        meta != null,
        takenDown == null ? null : Instant.ofEpochMilli(Long.parseLong(takenDown)));
  }

  /** The item of a stored catalogue record: the one parsed before from the same text, or parsed. */
  private Item item(String id, String meta) {
    int hash = id.hashCode();
    Parsed same = parsed.find(hash, meta, (p, m) -> p.meta().equals(m));
    if (same != null && same.item().id().equals(id)) {
      return same.item();
    }
    Item item = withIdOf(CatalogueJson.parseItem(meta), id);
    parsed.put(hash, new Parsed(meta, item));
    return item;
  }

  /**
   * The record with the asker's id string (equal to the stored one): the ranking compares and
   * hashes each candidate's id with its record's ({@code Item.mergedWith}, the content-features
   * cache), and with one string object that is an identity check on a string the request already
   * touched instead of the first touch of another string and its bytes (cache misses, 500 per
   * ranking).
   */
  private static Item withIdOf(Item item, String id) {
    if (item.id() == id || !item.id().equals(id)) {
      return item;
    }
    return new Item(
        id,
        item.authorId(),
        item.text(),
        item.hashtags(),
        item.mediaTypes(),
        item.createdAt(),
        item.engagementRate(),
        item.qualityScore());
  }

  private void await(Collection<? extends CompletableFuture<?>> futures, String what) {
    RedisReplies.await(futures, what, commandTimeout, commandTimeout);
  }
}
