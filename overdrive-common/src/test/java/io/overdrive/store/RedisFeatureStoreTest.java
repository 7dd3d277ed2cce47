package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.FeatureStore.ApplyResult;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.testing.MutableClock;
import io.overdrive.testing.RedisServer;
import io.overdrive.testing.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis adapter against a real {@code redis-server}: the contract plus Redis specifics. */
@ExtendWith(RedisServerExtension.class)
class RedisFeatureStoreTest extends FeatureStoreContract {
  private RedisServer redis;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));

  @BeforeEach
  void server(RedisServer redis) {
    this.redis = redis;
  }

  @Override
  protected FeatureStore createEmptyStore() {
    return RedisFeatureStore.connect(RedisStoreSettings.of(redis.url()), LEARNING, clock);
  }

  private RedisFeatureStore store(RedisStoreSettings settings) {
    return RedisFeatureStore.connect(settings, LEARNING, clock);
  }

  @Test
  void keysGetTheFeatureTtlAndWritesKeepRefreshingIt() {
    // TTL 1000 s: refreshed at most every 250 s (a quarter of it)
    try (RedisFeatureStore store =
        store(RedisStoreSettings.of(redis.url()).withFeatureTtl(Duration.ofSeconds(1000)))) {
      store.putProfile(new UserProfile("u1", List.of("food"), "", List.of(), null));
      store.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming")));
      for (String key :
          List.of(RedisKeys.user("u1"), RedisKeys.userSequence("u1"), RedisKeys.item("n1"))) {
        assertThat(ttl(key)).as(key).isBetween(990L, 1000L);
      }
      assertThat(ttl(RedisKeys.userDedup("u1")))
          .as("dedup marks outlive the dedup window by one refresh interval")
          .isBetween(86_390L + 250, 86_400L + 250);
      assertThat(ttl(RedisKeys.itemDedup("n1")))
          .as("on a single server the user's marks cover the item too: no item marks are kept")
          .isEqualTo(-2L);

      // a key first written between refreshes gets its TTL at once
      store.apply(deltas(event("e2", "u2", "n1", InteractionType.LIKE, T0)));
      assertThat(ttl(RedisKeys.userSequence("u2"))).isBetween(990L, 1000L);
      // a user the store has never seen (no profile): every key it creates expires
      store.apply(deltas(event("e9", "u9", "n1", InteractionType.IMPRESSION, T0)));
      assertThat(ttl(RedisKeys.user("u9"))).isBetween(990L, 1000L);
      assertThat(ttl(RedisKeys.userDedup("u9"))).isBetween(86_390L + 250, 86_400L + 250);
      assertThat(redis.command("EXISTS", RedisKeys.userSequence("u9")))
          .as("an impression pushes nothing")
          .isEqualTo("0");

      redis.command("EXPIRE", RedisKeys.user("u1"), "300");
      redis.command("EXPIRE", RedisKeys.userSequence("u1"), "300");
      clock.advance(Duration.ofSeconds(200));
      store.apply(deltas(event("e3", "u1", "n2", InteractionType.LIKE, T0)));
      assertThat(ttl(RedisKeys.user("u1")))
          .as("not refreshed within the interval")
          .isLessThanOrEqualTo(300L);
      clock.advance(Duration.ofSeconds(60));
      store.apply(deltas(event("e4", "u1", "n3", InteractionType.LIKE, T0)));
      assertThat(ttl(RedisKeys.user("u1"))).isBetween(990L, 1000L);
      assertThat(ttl(RedisKeys.userSequence("u1"))).isBetween(990L, 1000L);
      assertThat(store.user("u1", T0).recentItems()).containsExactly("n3", "n2", "n1");
    }
  }

  private long ttl(String key) {
    return Long.parseLong(redis.command("TTL", key));
  }

  @Test
  void anEventIdIsRememberedForTheDedupWindowOnly() {
    try (RedisFeatureStore store =
        store(RedisStoreSettings.of(redis.url()).withDedupWindow(Duration.ofMinutes(10)))) {
      List<FeatureDelta> like = deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0));
      assertThat(store.apply(like)).isEqualTo(new ApplyResult(1, 0));
      clock.advance(Duration.ofMinutes(9));
      assertThat(store.apply(like)).isEqualTo(new ApplyResult(0, 1));
      clock.advance(Duration.ofMinutes(2));
      // the mark of e1 is older than the window now: a replay this late is counted again
      assertThat(store.apply(like)).isEqualTo(new ApplyResult(1, 0));
      // ... and marked anew: a redelivery of that replay is a duplicate again
      assertThat(store.apply(like)).isEqualTo(new ApplyResult(0, 1));
      assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isEqualTo(2);
      assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(2);
    }
  }

  @Test
  void aBusyUsersDedupMarksStayWithinTheWindowAndAQuarterOfIt() {
    // window 8 minutes: expired marks are pruned at least every 2 minutes (a quarter of it), so
    // a user with an event and a served ranking every minute holds at most 8 + 2 + 1 of each
    // (before, the pruning came with the hourly TTL refresh: 40 marks after 40 minutes)
    try (RedisFeatureStore store =
        store(RedisStoreSettings.of(redis.url()).withDedupWindow(Duration.ofMinutes(8)))) {
      Arm arm = new Arm("memory-test", "control");
      for (int m = 0; m < 40; m++) {
        store.apply(deltas(event("busy-" + m, "busy", "n" + m, InteractionType.LIKE, T0)));
        // a user who is served feeds but sends no event: only the rankings' writes touch the marks
        store.applyRankings(
            List.of(
                new ServedRanking(
                    RankingIds.next(arm.code()),
                    "lurker",
                    arm.experiment(),
                    arm.variant(),
                    "v1",
                    "request",
                    T0,
                    List.of(new ServedRanking.Item("n1", 0, 0.5)))));
        assertThat(zcard(RedisKeys.userDedup("busy"))).as("minute %d", m).isLessThanOrEqualTo(11);
        assertThat(zcard(RedisKeys.userDedup("lurker"))).as("minute %d", m).isLessThanOrEqualTo(11);
        clock.advance(Duration.ofMinutes(1));
      }
      assertThat(zcard(RedisKeys.userDedup("busy"))).isGreaterThanOrEqualTo(8);
      // what the window promises still holds: an event of 7 minutes ago is a redelivery
      assertThat(store.apply(deltas(event("busy-33", "busy", "n33", InteractionType.LIKE, T0))))
          .isEqualTo(new ApplyResult(0, 1));
    }
  }

  @Test
  void anErasureTombstoneLastsTheDedupWindowEvenWithoutAnotherErasure() {
    try (RedisFeatureStore store =
        store(RedisStoreSettings.of(redis.url()).withDedupWindow(Duration.ofMinutes(10)))) {
      store.eraseUser("gone");
      assertThat(store.erasures().has("gone")).isTrue();
      clock.advance(Duration.ofMinutes(9));
      assertThat(store.erasures().has("gone")).isTrue();
      clock.advance(Duration.ofMinutes(2));
      // the version did not change (no erasure since), but the tombstone is older than the window
      assertThat(store.erasures().has("gone")).isFalse();
    }
  }

  private long zcard(String key) {
    return Long.parseLong(redis.command("ZCARD", key));
  }

  @Test
  void allKeysOfAUserShareOneSlotEvenWithBracesInTheId() {
    try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
      for (String user : List.of("u1", "we{ird}", "}x{", "", "jürgen-東京")) {
        store.putProfile(new UserProfile(user, List.of(), "", List.of(), null));
        store.apply(deltas(event("e-" + user, user, "n{1}", InteractionType.LIKE, T0)));
        List<String> keys =
            Arrays.stream(redis.command("KEYS", "od:u:*").split("\n"))
                .filter(k -> k.startsWith(RedisKeys.user(user)))
                .toList();
        assertThat(keys).as(user).hasSize(3);
        assertThat(keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet()))
            .as(user)
            .hasSize(1);
        assertThat(store.user(user, T0).count(InteractionType.LIKE)).as(user).isEqualTo(1);
        redis.flushAll();
      }
    }
  }

  @Test
  void aLargeBatchSplitIntoManyScriptCallsLearnsWhatTheInMemoryStoreLearns() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(40).withItems(300).withEventsPerUser(80));
    List<Interaction> events = world.interactions();
    List<FeatureDelta> all = UPDATER.deltas(events);
    // small script calls and one user with more events than a call carries
    try (RedisFeatureStore redisStore =
        store(RedisStoreSettings.of(redis.url()).withEventsPerScript(37))) {
      InMemoryFeatureStore memory =
          new InMemoryFeatureStore(
              LEARNING.decay(), LEARNING.sequenceLength(), LEARNING.sessionTimeout().toMillis());
      for (int i = 0; i < all.size(); i += 1000) {
        List<FeatureDelta> batch = all.subList(i, Math.min(all.size(), i + 1000));
        assertThat(redisStore.apply(batch)).isEqualTo(memory.apply(batch));
      }
      // a replay of a window that straddles applied and new events
      assertThat(redisStore.apply(all.subList(500, 1500)))
          .isEqualTo(memory.apply(all.subList(500, 1500)));

      Instant now = world.config().start().plus(Duration.ofDays(2));
      for (var u : world.users()) {
        String id = u.profile().userId();
        assertSameFeatures(redisStore.user(id, now), memory.user(id, now));
      }
      List<String> itemIds = world.items().stream().map(i -> i.item().id()).toList();
      Map<String, ItemRecord> a = redisStore.items(itemIds);
      Map<String, ItemRecord> b = memory.items(itemIds);
      // forward-decayed counters are sums of large doubles: equal up to summation order
      itemIds.forEach(id -> assertSameStats(id, a.get(id).stats(), b.get(id).stats()));
    }
  }

  @Test
  void theEventsOfOneItemAreGatheredIntoOneScriptCall() {
    // 8 users' likes alternating between two items, 4 events per call: in arrival order each
    // call would read and write both item hashes; gathered by item, each call writes one
    try (RedisFeatureStore store =
        store(RedisStoreSettings.of(redis.url()).withEventsPerScript(4))) {
      List<Interaction> likes = new ArrayList<>();
      for (int u = 0; u < 8; u++) {
        likes.add(event("e" + u, "u" + u, u % 2 == 0 ? "hot" : "cold", InteractionType.LIKE, T0));
      }
      store.apply(deltas(event("warm-up", "w", "w", InteractionType.LIKE, T0))); // loads the script
      redis.command("CONFIG", "RESETSTAT");
      assertThat(store.apply(deltas(likes.toArray(Interaction[]::new))))
          .isEqualTo(new ApplyResult(8, 0));
      assertThat(calls("evalsha")).as("script calls").isEqualTo(2);
      assertThat(calls("hset")).as("8 user hashes + each item's hash once").isEqualTo(8 + 2);
      Map<String, ItemRecord> items = store.items(List.of("hot", "cold"));
      assertThat(items.get("hot").stats().likes()).isEqualTo(4);
      assertThat(items.get("cold").stats().likes()).isEqualTo(4);
    }
  }

  /** How often the server ran {@code command} since the last CONFIG RESETSTAT. */
  private long calls(String command) {
    for (String line : redis.command("INFO", "commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.replaceFirst("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
      }
    }
    return 0;
  }

  @Test
  void aKeyOfTheWrongTypeRejectsItsCallBeforeAnythingIsWritten() {
    try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
      redis.command("SET", RedisKeys.user("victim"), "not a hash");
      List<FeatureDelta> batch =
          deltas(
              event("e1", "u1", "n1", InteractionType.LIKE, T0),
              event("e2", "victim", "n2", InteractionType.LIKE, T0),
              event("e3", "u3", "n3", InteractionType.LIKE, T0));
      assertThatThrownBy(() -> store.apply(batch))
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("WRONGTYPE");
      // the users' call wrote nothing, so no event is wrongly marked as applied
      assertThat(redis.command("EXISTS", RedisKeys.userDedup("u1"))).isEqualTo("0");
      assertThat(store.apply(List.of(batch.get(0), batch.get(2)))).isEqualTo(new ApplyResult(2, 0));
      assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isEqualTo(1);
    }
  }

  @Test
  void anItemKeyOfTheWrongTypeRejectsTheUsersCallToo() {
    // on a single server the item stats are written by the users' call: nothing half-applied
    try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
      redis.command("SET", RedisKeys.item("broken"), "not a hash");
      List<FeatureDelta> batch =
          deltas(
              event("e1", "u1", "n1", InteractionType.LIKE, T0),
              event("e2", "u2", "broken", InteractionType.LIKE, T0));
      assertThatThrownBy(() -> store.apply(batch)).hasMessageContaining("WRONGTYPE");
      assertThat(redis.command("EXISTS", RedisKeys.userDedup("u1"))).isEqualTo("0");
      assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isZero();
      assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isZero();
      // without the broken event the rest applies, counted once on both sides
      assertThat(store.apply(List.of(batch.get(0)))).isEqualTo(new ApplyResult(1, 0));
      assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isEqualTo(1);
      assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(1);
    }
  }

  @Test
  void aMarksSetOrSequenceOfTheWrongTypeRejectsTheCallBeforeAnythingIsWritten() {
    // the victim's marks are checked by ZADD NX (one event) or ZMSCORE (two), its list by LLEN
    for (String broken : List.of("dedup-one", "dedup-two", "sequence")) {
      redis.flushAll();
      try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
        redis.command(
            "SET",
            broken.equals("sequence")
                ? RedisKeys.userSequence("victim")
                : RedisKeys.userDedup("victim"),
            "not a sorted set or list");
        List<FeatureDelta> victims =
            broken.equals("dedup-two")
                ? deltas(
                    event("v1", "victim", "n2", InteractionType.LIKE, T0),
                    event("v2", "victim", "n3", InteractionType.LIKE, T0))
                : deltas(event("v1", "victim", "n2", InteractionType.LIKE, T0));
        List<FeatureDelta> others =
            deltas(
                event("e1", "u1", "n1", InteractionType.LIKE, T0),
                event("e3", "u3", "n1", InteractionType.LIKE, T0));
        List<FeatureDelta> batch = new ArrayList<>();
        batch.add(others.get(0));
        batch.addAll(victims);
        batch.add(others.get(1));
        assertThatThrownBy(() -> store.apply(batch)).as(broken).hasMessageContaining("WRONGTYPE");
        // u1 was marked before the victim's key failed: the mark is taken back
        assertThat(redis.command("EXISTS", RedisKeys.userDedup("u1"))).as(broken).isEqualTo("0");
        assertThat(redis.command("EXISTS", RedisKeys.user("victim"))).as(broken).isEqualTo("0");
        assertThat(store.items(List.of("n1")).get("n1").stats().likes()).as(broken).isZero();
        assertThat(store.apply(others)).as(broken).isEqualTo(new ApplyResult(2, 0));
        assertThat(store.items(List.of("n1")).get("n1").stats().likes()).as(broken).isEqualTo(2);
      }
    }
  }

  @Test
  void anItemReadCarriesTheAskersIdStringWithTheStoredRecord() {
    try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
      Item stored =
          new Item("post-7", "a1", "lunch #food", List.of("food"), List.of("image"), T0, 0.1, 0.8);
      store.putItems(List.of(stored));
      // another string object of the same id, as a request's reader hands it out
      String asked = new String("post-7".toCharArray());
      ItemRecord read = store.items(List.of(asked)).get(asked);
      assertThat(read.item()).isEqualTo(stored);
      // the ranking then compares and hashes one string object per candidate, not two
      assertThat(read.item().id()).isSameAs(asked);
      assertThat(store.itemsInOrder(List.of(asked)).get(0).item().id()).isSameAs(asked);
    }
  }

  @Test
  void anUnchangedRecordReadAgainIsTheItemReadBeforeAndAChangedOneIsReadAnew() {
    try (RedisFeatureStore store = store(RedisStoreSettings.of(redis.url()))) {
      Item stored = new Item("p1", "a1", "lunch #food", List.of("food"), List.of(), T0, null, 0.8);
      store.putItems(List.of(stored, Item.withId("p2")));
      Item first = store.items(List.of("p1")).get("p1").item();
      Item again = store.items(List.of("p2", "p1")).get("p1").item();
      assertThat(again).isSameAs(first).isEqualTo(stored);

      Item edited = new Item("p1", "a1", "dinner #food", List.of("food"), List.of(), T0, 0.2, 0.8);
      store.putItems(List.of(edited));
      Item read = store.items(List.of("p1")).get("p1").item();
      assertThat(read).isEqualTo(edited).isNotSameAs(first);
      assertThat(store.itemsInOrder(List.of("p1")).get(0).item()).isSameAs(read);
    }
  }

  @Test
  void whatOneInstanceWroteAnotherReads() {
    try (RedisFeatureStore writer = store(RedisStoreSettings.of(redis.url()));
        RedisFeatureStore reader = store(RedisStoreSettings.of(redis.url()))) {
      writer.apply(deltas(event("e1", "u1", "n1", InteractionType.SHARE, T0, "food")));
      assertThat(reader.user("u1", T0).interestWeights()).containsKey("food");
      assertThat(reader.apply(deltas(event("e1", "u1", "n1", InteractionType.SHARE, T0))))
          .isEqualTo(new ApplyResult(0, 1));
      assertThat(reader.describe()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(reader.isCluster()).isFalse();
    }
  }

  @Test
  void anUnreachableRedisIsReportedAsUnavailableQuickly() {
    RedisServer own = RedisServer.start();
    RedisFeatureStore store =
        RedisFeatureStore.connect(
            RedisStoreSettings.of(own.url()).withCommandTimeout(Duration.ofMillis(300)),
            LEARNING,
            clock);
    try {
      assertThat(store.ping()).isTrue();
      own.close();
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> store.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0))))
          .isInstanceOf(StoreUnavailableException.class);
      assertThatThrownBy(() -> store.user("u1", T0)).isInstanceOf(StoreUnavailableException.class);
      assertThat(store.ping()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    } finally {
      store.close();
      own.close();
    }
    assertThatThrownBy(
            () -> RedisFeatureStore.connect(RedisStoreSettings.of(own.url()), LEARNING, clock))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + own.port());
  }
}
