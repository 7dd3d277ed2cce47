package io.overdrive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.outcomes.Outcome;
import io.overdrive.outcomes.OutcomeAccumulator;
import io.overdrive.outcomes.OutcomeField;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.RankingIds;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.FeatureStore.ApplyResult;
import io.overdrive.synthetic.SyntheticWorld;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FeatureStore} adapter must do, so the standalone and the distributed mode
 * cannot disagree: each adapter's test extends this class and supplies a fresh, empty store.
 */
public abstract class FeatureStoreContract {
  protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  protected static final LearningSettings LEARNING = LearningSettings.defaults();
  protected static final InteractionUpdater UPDATER =
      new InteractionUpdater(InterestTaxonomy.loadDefault(), LEARNING);

  private final List<FeatureStore> opened = new ArrayList<>();

  /** A new store with no data, built with {@link #LEARNING}. */
  protected abstract FeatureStore createEmptyStore();

  protected final FeatureStore newStore() {
    FeatureStore s = createEmptyStore();
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(FeatureStore::close);
    opened.clear();
  }

  protected static Interaction event(
      String id, String user, String item, InteractionType type, Instant at, String... tags) {
    return new Interaction(
        id, user, item, "author-" + item, type, 0, null, null, null, null, at, List.of(tags));
  }

  protected static List<FeatureDelta> deltas(Interaction... events) {
    return UPDATER.deltas(List.of(events));
  }

  @Test
  void unknownUserHasEmptyFeaturesAndNoProfile() {
    FeatureStore store = newStore();
    UserFeatures f = store.user("nobody", T0);
    assertThat(f.meaningfulInteractions()).isZero();
    assertThat(f.interestWeights()).isEmpty();
    assertThat(f.recentItems()).isEmpty();
    assertThat(f.profile().interests()).isEmpty();
    assertThat(store.profile("nobody")).isEmpty();
  }

  @Test
  void unknownItemsAreBareRecordsInRequestOrder() {
    Map<String, ItemRecord> records = newStore().items(List.of("x2", "x1", "x2"));
    assertThat(records.keySet()).containsExactly("x2", "x1");
    assertThat(records.get("x1").known()).isFalse();
    assertThat(records.get("x1").stats()).isEqualTo(io.overdrive.domain.ItemStats.EMPTY);
  }

  /**
   * The user and items read together (one round trip at Redis) are what the two reads give: the
   * features, the profile, the records and their order, unknown ids as bare records; and the
   * ranking's user read ahead of its candidates is the user read.
   */
  @Test
  void aUserAndItemsReadTogetherAreTheUserAndTheItemsReadApart() {
    FeatureStore store = newStore();
    store.putProfile(new UserProfile("u1", List.of("gaming"), "runner", List.of("a7"), T0));
    store.putItems(
        List.of(
            new Item(
                "n1", "a1", "new #ps5 trailer", List.of("gaming"), List.of("video"), T0, 0.1, 0.8),
            Item.withId("n2")));
    store.apply(
        deltas(
            event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming"),
            event("e2", "u1", "n2", InteractionType.SHARE, T0.plusSeconds(5), "food")));
    Instant now = T0.plusSeconds(60);

    FeatureStore.UserAndItems both = store.userAndItems("u1", now, List.of("n2", "x", "n1", "n2"));
    assertThat(both.user()).usingRecursiveComparison().isEqualTo(store.user("u1", now));
    assertThat(both.items().keySet()).containsExactly("n2", "x", "n1");
    assertThat(both.items()).isEqualTo(store.items(List.of("n2", "x", "n1")));
    assertThat(store.userAndItems("nobody", now, List.of()).user())
        .usingRecursiveComparison()
        .isEqualTo(store.user("nobody", now));

    UserFeatures ahead =
        store.userBeforeItems("u1", now, List.of(Item.withId("n1"), Item.withId("x2")));
    assertThat(ahead).usingRecursiveComparison().isEqualTo(store.user("u1", now));
    assertThat(store.itemsInOrder(List.of("n1", "x2")))
        .containsExactly(
            store.items(List.of("n1")).get("n1"), store.items(List.of("x2")).get("x2"));
  }

  @Test
  void profilesAndCatalogueRecordsRoundTrip() {
    FeatureStore store = newStore();
    UserProfile alice =
        new UserProfile("alice", List.of("gaming", "sci-fi"), "runner", List.of("a7"), T0);
    store.putProfile(alice);
    Item note =
        new Item(
            "note1", "a1", "new #ps5 trailer", List.of("gaming"), List.of("video"), T0, 0.12, 0.8);
    store.putItems(List.of(note, Item.withId("bare")));

    assertThat(store.profile("alice")).contains(alice);
    assertThat(store.user("alice", T0).profile()).isEqualTo(alice);
    Map<String, ItemRecord> records = store.items(List.of("note1", "bare"));
    assertThat(records.get("note1").item()).isEqualTo(note);
    assertThat(records.get("note1").known()).isTrue();
    assertThat(records.get("bare").known()).isTrue();

    Item replaced = new Item("note1", "a2", null, List.of("food"), List.of(), null, null, null);
    store.putItems(List.of(replaced));
    assertThat(store.items(List.of("note1")).get("note1").item()).isEqualTo(replaced);
  }

  @Test
  void aLikeTeachesInterestsAuthorSequenceSessionAndItemStats() {
    FeatureStore store = newStore();
    ApplyResult r =
        store.apply(deltas(event("e1", "u1", "note1", InteractionType.LIKE, T0, "gaming")));

    assertThat(r).isEqualTo(new ApplyResult(1, 0));
    UserFeatures f = store.user("u1", T0);
    assertThat(f.count(InteractionType.LIKE)).isEqualTo(1);
    assertThat(f.interestWeights().get("gaming")).isCloseTo(1.0, within(1e-9));
    assertThat(f.authorAffinity().get("author-note1")).isGreaterThan(0);
    assertThat(f.recentItems()).containsExactly("note1");
    assertThat(f.sessions()).isEqualTo(1);
    assertThat(f.lastEventAt()).isEqualTo(T0);
    // after one half-life (14 days) the learned weight is halved
    assertThat(store.user("u1", T0.plus(Duration.ofDays(14))).interestWeights().get("gaming"))
        .isCloseTo(0.5, within(1e-9));

    ItemRecord item = store.items(List.of("note1")).get("note1");
    assertThat(item.stats().likes()).isEqualTo(1);
    assertThat(item.known()).as("stats alone do not make a catalogue record").isFalse();
  }

  @Test
  void aRedeliveredEventCountsOnce() {
    FeatureStore store = newStore();
    List<FeatureDelta> batch =
        deltas(
            event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming"),
            event("e2", "u1", "n2", InteractionType.SHARE, T0.plusSeconds(5), "food"),
            event("e3", "u2", "n1", InteractionType.IMPRESSION, T0.plusSeconds(9)));
    assertThat(store.apply(batch)).isEqualTo(new ApplyResult(3, 0));
    UserFeatures before = store.user("u1", T0);
    ItemRecord itemBefore = store.items(List.of("n1")).get("n1");

    assertThat(store.apply(batch)).isEqualTo(new ApplyResult(0, 3));
    // a batch mixing a redelivery with a new event applies only the new one
    assertThat(
            store.apply(
                List.of(
                    batch.get(0),
                    deltas(event("e4", "u1", "n1", InteractionType.COMMENT, T0.plusSeconds(20)))
                        .get(0))))
        .isEqualTo(new ApplyResult(1, 1));

    UserFeatures after = store.user("u1", T0);
    assertThat(after.count(InteractionType.LIKE)).isEqualTo(before.count(InteractionType.LIKE));
    assertThat(after.count(InteractionType.SHARE)).isEqualTo(1);
    assertThat(after.count(InteractionType.COMMENT)).isEqualTo(1);
    assertThat(after.interestWeights().get("gaming"))
        .isCloseTo(before.interestWeights().get("gaming"), within(1e-9));
    assertThat(after.recentItems()).containsExactly("n1", "n2", "n1");
    ItemRecord itemAfter = store.items(List.of("n1")).get("n1");
    assertThat(itemAfter.stats().likes()).isEqualTo(itemBefore.stats().likes()).isEqualTo(1);
    assertThat(itemAfter.stats().impressions()).isEqualTo(1);
    assertThat(itemAfter.stats().comments()).isEqualTo(1);
  }

  @Test
  void aRedeliveryAmongOtherUsersNewEventsHoldsNoneOfThemBack() {
    FeatureStore store = newStore();
    FeatureDelta old = deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0)).get(0);
    assertThat(store.apply(List.of(old))).isEqualTo(new ApplyResult(1, 0));
    // new events of other users before and after the redelivery, in one batch (one script call)
    List<FeatureDelta> batch =
        List.of(
            deltas(event("e2", "u2", "n1", InteractionType.LIKE, T0.plusSeconds(1))).get(0),
            old,
            deltas(event("e3", "u3", "n2", InteractionType.SHARE, T0.plusSeconds(2))).get(0));
    assertThat(store.apply(batch)).isEqualTo(new ApplyResult(2, 1));
    assertThat(store.apply(batch)).isEqualTo(new ApplyResult(0, 3));
    assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isEqualTo(1);
    assertThat(store.user("u2", T0).count(InteractionType.LIKE)).isEqualTo(1);
    assertThat(store.user("u3", T0).count(InteractionType.SHARE)).isEqualTo(1);
    assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(2);
    assertThat(store.items(List.of("n2")).get("n2").stats().shares()).isEqualTo(1);
  }

  @Test
  void anEventRepeatedWithinOneBatchCountsOnce() {
    FeatureStore store = newStore();
    FeatureDelta like = deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming")).get(0);
    assertThat(store.apply(List.of(like, like, like))).isEqualTo(new ApplyResult(1, 2));
    assertThat(store.user("u1", T0).count(InteractionType.LIKE)).isEqualTo(1);
    assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(1);
  }

  @Test
  void theSameEventIdOfAnotherUserIsNotADuplicate() {
    FeatureStore store = newStore();
    ApplyResult r =
        store.apply(
            deltas(
                event("e1", "u1", "n1", InteractionType.LIKE, T0),
                event("e1", "u2", "n2", InteractionType.LIKE, T0)));
    assertThat(r).isEqualTo(new ApplyResult(2, 0));
    assertThat(store.user("u2", T0).count(InteractionType.LIKE)).isEqualTo(1);
  }

  @Test
  void theSequenceKeepsTheLastNItemsMostRecentFirst() {
    FeatureStore store = newStore();
    int n = LEARNING.sequenceLength();
    List<Interaction> likes = new ArrayList<>();
    for (int i = 0; i < n + 10; i++) {
      likes.add(event("e" + i, "u1", "n" + i, InteractionType.LIKE, T0.plusSeconds(i)));
    }
    // skips do not enter the sequence
    likes.add(event("skip", "u1", "skipped", InteractionType.SKIP, T0.plusSeconds(n + 10)));
    store.apply(UPDATER.deltas(likes.subList(0, 7)));
    store.apply(UPDATER.deltas(likes.subList(7, likes.size())));

    List<String> seq = store.user("u1", T0).recentItems();
    assertThat(seq).hasSize(n);
    assertThat(seq.get(0)).isEqualTo("n" + (n + 9));
    assertThat(seq.get(n - 1)).isEqualTo("n10");
  }

  @Test
  void aGapLongerThanTheSessionTimeoutStartsASession() {
    FeatureStore store = newStore();
    Duration timeout = LEARNING.sessionTimeout();
    store.apply(
        deltas(
            event("e1", "u1", "n1", InteractionType.IMPRESSION, T0),
            event("e2", "u1", "n2", InteractionType.IMPRESSION, T0.plusSeconds(60))));
    store.apply(
        deltas(
            event("e3", "u1", "n3", InteractionType.IMPRESSION, T0.plus(timeout).plusSeconds(61)),
            event("e4", "u1", "n4", InteractionType.IMPRESSION, T0.plus(timeout.multipliedBy(3)))));
    UserFeatures f = store.user("u1", T0);
    assertThat(f.sessions()).isEqualTo(3);
    assertThat(f.lastEventAt()).isEqualTo(T0.plus(timeout.multipliedBy(3)));
  }

  @Test
  void concurrentWritersOfTheSameEventsCountEachOnce() throws Exception {
    FeatureStore store = newStore();
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event("e" + i, "u" + (i % 7), "n" + (i % 5), InteractionType.LIKE, T0, "gaming"));
    }
    List<FeatureDelta> batch = UPDATER.deltas(events);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<ApplyResult>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        writers.add(() -> store.apply(batch));
      }
      ApplyResult total = ApplyResult.NONE;
      for (Future<ApplyResult> f : pool.invokeAll(writers)) {
        total = total.plus(f.get());
      }
      assertThat(total).isEqualTo(new ApplyResult(200, 600));
    } finally {
      pool.shutdownNow();
    }
    long likes = 0;
    for (int u = 0; u < 7; u++) {
      likes += store.user("u" + u, T0).count(InteractionType.LIKE);
    }
    assertThat(likes).isEqualTo(200);
    long itemLikes =
        store.items(List.of("n0", "n1", "n2", "n3", "n4")).values().stream()
            .mapToLong(r -> r.stats().likes())
            .sum();
    assertThat(itemLikes).isEqualTo(200);
  }

  @Test
  void oneBatchLearnsWhatTheSameEventsTeachOneByOne() {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(12).withItems(60).withEventsPerUser(40));
    List<FeatureDelta> all = UPDATER.deltas(world.interactions());
    FeatureStore batched = newStore();
    ApplyResult r = batched.apply(all);
    assertThat(r.applied()).isEqualTo(all.size());
    FeatureStore oneByOne =
        new InMemoryFeatureStore(
            LEARNING.decay(), LEARNING.sequenceLength(), LEARNING.sessionTimeout().toMillis());
    all.forEach(d -> oneByOne.apply(List.of(d)));

    Instant now = world.config().start().plus(Duration.ofDays(1));
    for (var u : world.users()) {
      String id = u.profile().userId();
      assertSameFeatures(batched.user(id, now), oneByOne.user(id, now));
    }
    List<String> itemIds = world.items().stream().map(i -> i.item().id()).toList();
    Map<String, ItemRecord> a = batched.items(itemIds);
    Map<String, ItemRecord> b = oneByOne.items(itemIds);
    for (String id : itemIds) {
      assertSameStats(id, a.get(id).stats(), b.get(id).stats());
    }
  }

  @Test
  void erasingAUserDeletesProfileFeaturesAndSequence() {
    FeatureStore store = newStore();
    store.putProfile(new UserProfile("u1", List.of("food"), "chef", List.of(), null));
    store.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming")));

    assertThat(store.eraseUser("u1")).isTrue();
    assertThat(store.profile("u1")).isEmpty();
    UserFeatures f = store.user("u1", T0);
    assertThat(f.meaningfulInteractions()).isZero();
    assertThat(f.recentItems()).isEmpty();
    assertThat(store.eraseUser("u1")).isFalse();
    // what the item learned is not personal data and stays
    assertThat(store.items(List.of("n1")).get("n1").stats().likes()).isEqualTo(1);
  }

  @Test
  void interestSnapshotsComeBackOldestFirstOnePerTimeAndTrimmedToTheNewest() {
    FeatureStore store = newStore();
    store.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming")));
    Instant h1 = T0.plus(Duration.ofHours(1));
    Instant h2 = T0.plus(Duration.ofHours(2));
    store.appendInterestSnapshot("u1", snapshot(T0, 1, "gaming"), 2);
    store.appendInterestSnapshot("u1", snapshot(h1, 2, "gaming"), 2);
    store.appendInterestSnapshot("u1", snapshot(h1, 3, "food"), 2); // replaces the one of h1
    store.appendInterestSnapshot("u1", snapshot(h2, 4, "travel"), 2); // T0's falls out

    List<InterestSnapshot> history = store.interestHistory("u1");
    assertThat(history).extracting(InterestSnapshot::at).containsExactly(h1, h2);
    assertThat(history.get(0).interactions()).isEqualTo(3);
    assertThat(history.get(0).interests()).containsOnlyKeys("food");
    assertThat(history.get(1).authors()).containsEntry("author-travel", 0.5);
    assertThat(store.interestHistory("nobody")).isEmpty();
  }

  @Test
  void erasingAUserDeletesTheirInterestHistory() {
    FeatureStore store = newStore();
    store.apply(deltas(event("e1", "u1", "n1", InteractionType.LIKE, T0, "gaming")));
    store.appendInterestSnapshot("u1", snapshot(T0, 1, "gaming"), 10);

    store.eraseUser("u1");
    assertThat(store.interestHistory("u1")).isEmpty();
  }

  private static InterestSnapshot snapshot(Instant at, long interactions, String interest) {
    return new InterestSnapshot(
        at, interactions, Map.of(interest, 0.8), Map.of("author-" + interest, 0.5));
  }

  @Test
  void describesItselfAndAnswersPing() {
    FeatureStore store = newStore();
    assertThat(store.describe()).isNotBlank();
    assertThat(store.ping()).isTrue();
  }

  // ---------------------------------------------------------------- outcomes per experiment arm

  private static final Arm SERVED = new Arm("feed-test", "control");
  private static final Arm OFF = new Arm("feed-test", Arm.OVERDRIVE_OFF);

  /**
   * A synthetic world's events as rankings of two arms served them: each user's events come in
   * pages of 8 items, each page a ranking; odd users' odd pages were the control feed. A third of
   * the events name their ranking by id, the rest carry their arm as tags (the API's fallback), and
   * every 9th names neither (not counted).
   */
  static List<Interaction> eventsOfTwoArms(List<ServedRanking> rankings) {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(14).withItems(80).withEventsPerUser(48));
    List<Interaction> out = new ArrayList<>();
    Map<String, String> page = new java.util.HashMap<>();
    int n = 0;
    for (Interaction e : world.interactions()) {
      int user = Integer.parseInt(e.userId().substring(1));
      int p = e.position() == null ? 0 : e.position() / 8;
      Arm arm = user % 2 == 1 && p % 2 == 1 ? OFF : SERVED;
      String rankingId =
          page.computeIfAbsent(
              e.userId()
                  + "/"
                  + e.position() / 8
                  + "/"
                  + e.timestamp().truncatedTo(ChronoUnit.DAYS),
              k -> {
                String id = RankingIds.next(arm.code());
                rankings.add(
                    new ServedRanking(
                        id,
                        e.userId(),
                        arm.experiment(),
                        arm.variant(),
                        "",
                        "request",
                        T0,
                        List.of()));
                return id;
              });
      n++;
      if (n % 9 == 0) {
        out.add(e);
      } else if (n % 3 == 0) {
        out.add(withArm(e, rankingId, null, null));
      } else {
        out.add(withArm(e, null, arm.experiment(), arm.variant()));
      }
    }
    return out;
  }

  private static Interaction withArm(
      Interaction e, String rankingId, String experiment, String variant) {
    return e.withExperiment(experiment, variant).withRankingId(rankingId);
  }

  @Test
  void outcomesCountEachEventAndRankingOnceForItsArmAsTheAccumulatorDoes() {
    List<ServedRanking> rankings = new ArrayList<>();
    List<Interaction> events = eventsOfTwoArms(rankings);
    List<FeatureDelta> all = UPDATER.deltas(events);
    FeatureStore store = newStore();
    int third = all.size() / 3;
    ApplyResult first = store.apply(all.subList(0, third));
    ArmCounts.Builder expectedFirst = new ArmCounts.Builder();
    all.subList(0, third).forEach(d -> expectedFirst.add(d.outcome()));
    assertThat(first.outcomes()).isEqualTo(expectedFirst.build());
    // a redelivered batch (with an event twice in it), then the rest
    List<FeatureDelta> again = new ArrayList<>(all.subList(third - 40, 2 * third));
    again.add(all.get(2 * third - 1));
    ApplyResult second = store.apply(again);
    assertThat(second.duplicates()).isEqualTo(41);
    store.apply(all.subList(2 * third, all.size()));
    assertThat(store.apply(all).outcomes())
        .as("all redelivered: nothing counted")
        .isEqualTo(ArmCounts.NONE);
    ApplyResult counted = store.applyRankings(rankings);
    assertThat(counted.applied()).isEqualTo(rankings.size());
    assertThat(store.applyRankings(rankings.subList(0, 10)).duplicates()).isEqualTo(10);

    OutcomeAccumulator expected = new OutcomeAccumulator();
    events.forEach(
        e -> {
          Outcome o = Outcome.of(e);
          if (o != null) {
            expected.add(e.userId(), o);
          }
        });
    rankings.forEach(r -> expected.addRanking(r.arm()));
    assertSameOutcomes(store.outcomes(), expected.totals());

    OutcomeTotals.ArmTotals off = store.outcomes().arm(OFF);
    assertThat(off.arm()).isEqualTo(OFF);
    assertThat(off.get(OutcomeField.USERS)).isEqualTo(7);
    assertThat(off.get(OutcomeField.RANKINGS))
        .isEqualTo(rankings.stream().filter(r -> r.arm().equals(OFF)).count());
    assertThat(store.outcomes().arm(SERVED).get(OutcomeField.USERS)).isEqualTo(14);
  }

  @Test
  void aServedRankingCountsOncePerUserAndMakesNoUserKnown() {
    FeatureStore store = newStore();
    ServedRanking r =
        new ServedRanking(
            RankingIds.next(SERVED.code()),
            "ranked-only",
            SERVED.experiment(),
            SERVED.variant(),
            "v1",
            "request",
            T0,
            List.of(new ServedRanking.Item("n1", 0, 0.5)));
    ApplyResult first = store.applyRankings(List.of(r, r));
    assertThat(first.applied()).isEqualTo(1);
    assertThat(first.duplicates()).isEqualTo(1);
    assertThat(first.outcomes().get(SERVED.code(), OutcomeField.RANKINGS)).isEqualTo(1);
    assertThat(store.applyRankings(List.of(r)).outcomes()).isEqualTo(ArmCounts.NONE);
    assertThat(store.outcomes().arm(SERVED).get(OutcomeField.RANKINGS)).isEqualTo(1);
    assertThat(store.outcomes().arm(SERVED).arm()).isEqualTo(SERVED);
    assertThat(store.user("ranked-only", T0).meaningfulInteractions()).isZero();
    assertThat(store.profile("ranked-only")).isEmpty();
    // its id is not an event id: an event of the same id still counts
    Interaction e =
        withArm(
            event(r.rankingId(), "ranked-only", "n1", InteractionType.LIKE, T0),
            r.rankingId(),
            null,
            null);
    assertThat(store.apply(deltas(e)).applied()).isEqualTo(1);
    assertThat(store.user("ranked-only", T0).count(InteractionType.LIKE)).isEqualTo(1);
    assertThat(store.outcomes().arm(SERVED).get(OutcomeField.LIKES)).isEqualTo(1);
  }

  protected static void assertSameOutcomes(OutcomeTotals actual, OutcomeTotals expected) {
    assertThat(actual.arms().keySet())
        .containsExactlyInAnyOrderElementsOf(expected.arms().keySet());
    for (OutcomeTotals.ArmTotals e : expected.arms().values()) {
      OutcomeTotals.ArmTotals a = actual.arms().get(e.armCode());
      assertThat(a.arm()).isEqualTo(e.arm());
      for (OutcomeField f : OutcomeField.values()) {
        assertThat(a.get(f))
            .as(e.armCode() + " " + f)
            .isCloseTo(e.get(f), within(1e-9 * Math.max(1, Math.abs(e.get(f)))));
      }
    }
  }

  /** Learned weights are sums of large forward-decay terms: compare them relatively. */
  protected static void assertSameFeatures(UserFeatures actual, UserFeatures expected) {
    String who = expected.userId();
    assertThat(actual.counts()).as(who).isEqualTo(expected.counts());
    assertThat(actual.recentItems()).as(who).isEqualTo(expected.recentItems());
    assertThat(actual.sessions()).as(who).isEqualTo(expected.sessions());
    assertThat(actual.dwellMsTotal()).as(who).isEqualTo(expected.dwellMsTotal());
    assertThat(actual.lastEventAt()).as(who).isEqualTo(expected.lastEventAt());
    assertThat(actual.profile()).as(who).isEqualTo(expected.profile());
    assertClose(who, actual.interestWeights(), expected.interestWeights());
    assertClose(who, actual.authorAffinity(), expected.authorAffinity());
  }

  /** Counters exactly; sums of doubles up to rounding (a batch may add them in another order). */
  protected static void assertSameStats(String item, ItemStats actual, ItemStats expected) {
    assertThat(actual)
        .as(item)
        .usingRecursiveComparison()
        .withComparatorForType(
            (x, y) -> Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)) ? 0 : 1,
            Double.class)
        .isEqualTo(expected);
  }

  private static void assertClose(String who, Map<String, Double> a, Map<String, Double> b) {
    assertThat(a.keySet()).as(who).isEqualTo(b.keySet());
    b.forEach(
        (k, v) ->
            assertThat(a.get(k)).as(who + " " + k).isCloseTo(v, within(1e-9 * (1 + Math.abs(v)))));
  }
}
