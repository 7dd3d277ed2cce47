package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.ForwardDecay;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.UserFeatures;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.outcomes.Outcome;
import io.overdrive.outcomes.OutcomeAccumulator;
import io.overdrive.outcomes.OutcomeTotals;
import io.overdrive.outcomes.ServedRanking;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standalone adapter: features in this JVM's heap. Per-user state is guarded by the user's own
 * lock so concurrent events for different users do not contend.
 */
public final class InMemoryFeatureStore implements FeatureStore {
  private final ForwardDecay decay;
  private final int sequenceLength;
  private final long sessionTimeoutMs;
  private final Map<String, UserState> users = new ConcurrentHashMap<>();
  private final Map<String, ItemState> items = new ConcurrentHashMap<>();
  private final OutcomeAccumulator outcomes = new OutcomeAccumulator();
  // per user, the ranking ids counted: kept apart from the users' state, so a user who was only
  // ranked stays unknown to the read views
  private final Map<String, Set<String>> countedRankings = new ConcurrentHashMap<>();
  private final Map<String, Long> tombstones = new java.util.HashMap<>();
  private volatile Erasures erasures = Erasures.NONE;

  public InMemoryFeatureStore(ForwardDecay decay, int sequenceLength, long sessionTimeoutMs) {
    this.decay = decay;
    this.sequenceLength = sequenceLength;
    this.sessionTimeoutMs = sessionTimeoutMs;
  }

  private static final class UserState {
    UserProfile profile;
    final Map<String, Double> fields = new HashMap<>();
    final Deque<String> sequence = new ArrayDeque<>();
    final Set<String> appliedEvents = ConcurrentHashMap.newKeySet();
    // snapshot time (ms) -> snapshot, guarded by the UserState
    final java.util.TreeMap<Long, io.overdrive.features.InterestSnapshot> history =
        new java.util.TreeMap<>();
  }

  private static final class ItemState {
    volatile Item item;
    volatile Instant takenDownAt;
    final Map<String, Double> stats = new HashMap<>();
    // decoded once per write, not per ranking read: reads far outnumber an item's writes
    volatile ItemStats snapshot = ItemStats.EMPTY;
    final Set<String> appliedEvents = ConcurrentHashMap.newKeySet();
  }

  @Override
  public UserFeatures user(String userId, Instant now) {
    UserState s = users.get(userId);
    if (s == null) {
      return UserFeatures.unknown(userId, now);
    }
    synchronized (s) {
      Map<String, String> raw = new HashMap<>();
      s.fields.forEach((k, v) -> raw.put(k, Double.toString(v)));
      return UserFeatures.decode(userId, s.profile, raw, new ArrayList<>(s.sequence), decay, now);
    }
  }

  @Override
  public Map<String, ItemRecord> items(Collection<String> itemIds) {
    Map<String, ItemRecord> out = new LinkedHashMap<>();
    for (String id : itemIds) {
      ItemState s = items.get(id);
      if (s == null) {
        out.put(id, ItemRecord.unknown(id));
        continue;
      }
      Item item = s.item;
      out.put(
          id,
          new ItemRecord(
              item == null ? Item.withId(id) : item, s.snapshot, item != null, s.takenDownAt));
    }
    return out;
  }

  @Override
  public Optional<UserProfile> profile(String userId) {
    UserState s = users.get(userId);
    if (s == null) {
      return Optional.empty();
    }
    synchronized (s) {
      return Optional.ofNullable(s.profile);
    }
  }

  @Override
  public void putProfile(UserProfile profile) {
    UserState s = users.computeIfAbsent(profile.userId(), k -> new UserState());
    synchronized (s) {
      s.profile = profile;
    }
  }

  @Override
  public void putItems(Collection<Item> newItems) {
    for (Item item : newItems) {
      ItemState s = items.computeIfAbsent(item.id(), k -> new ItemState());
      synchronized (s) {
        s.item = item;
        s.takenDownAt = null;
      }
    }
  }

  @Override
  public void takeDownItems(Collection<String> itemIds, Instant at) {
    for (String id : itemIds) {
      ItemState s = items.computeIfAbsent(id, k -> new ItemState());
      synchronized (s) {
        s.item = null;
        s.takenDownAt = at;
      }
    }
  }

  @Override
  public ApplyResult apply(List<FeatureDelta> deltas) {
    int applied = 0;
    int duplicates = 0;
    ArmCounts.Builder counted = null;
    for (FeatureDelta d : deltas) {
      UserState u = users.computeIfAbsent(d.userId(), k -> new UserState());
      boolean fresh;
      synchronized (u) {
        fresh = u.appliedEvents.add(d.eventId());
        if (fresh) {
          applyUser(u, d);
          if (d.outcome() != null) {
            outcomes.add(d.userId(), d.outcome());
            counted = counted == null ? new ArmCounts.Builder() : counted;
            counted.add(d.outcome());
          }
        }
      }
      ItemState i = items.computeIfAbsent(d.itemId(), k -> new ItemState());
      synchronized (i) {
        if (i.appliedEvents.add(d.eventId())) {
          d.itemIncrements().forEach((k, v) -> i.stats.merge(k, v, Double::sum));
          i.snapshot = InteractionUpdater.decodeNumericItemStats(i.stats);
        }
      }
      if (fresh) {
        applied++;
      } else {
        duplicates++;
      }
    }
    return new ApplyResult(applied, duplicates, counted == null ? ArmCounts.NONE : counted.build());
  }

  @Override
  public ApplyResult applyRankings(List<ServedRanking> rankings) {
    int applied = 0;
    ArmCounts.Builder counted = new ArmCounts.Builder();
    for (ServedRanking r : rankings) {
      if (countedRankings
          .computeIfAbsent(r.userId(), k -> ConcurrentHashMap.newKeySet())
          .add(r.rankingId())) {
        outcomes.addRanking(r.arm());
        counted.add(Outcome.ranking(r.armCode()));
        applied++;
      }
    }
    return new ApplyResult(applied, rankings.size() - applied, counted.build());
  }

  @Override
  public OutcomeTotals outcomes() {
    return outcomes.totals();
  }

  private void applyUser(UserState u, FeatureDelta d) {
    d.userIncrements().forEach((k, v) -> u.fields.merge(k, v, Double::sum));
    double last = u.fields.getOrDefault(UserFeatures.LAST_EVENT_MS, 0.0);
    if (d.eventTimeMillis() - last > sessionTimeoutMs) {
      u.fields.merge(UserFeatures.SESSIONS, 1.0, Double::sum);
    }
    u.fields.put(UserFeatures.LAST_EVENT_MS, Math.max(last, d.eventTimeMillis()));
    if (d.sequenceItem() != null) {
      u.sequence.addFirst(d.sequenceItem());
      while (u.sequence.size() > sequenceLength) {
        u.sequence.removeLast();
      }
    }
  }

  @Override
  public void appendInterestSnapshot(
      String userId, io.overdrive.features.InterestSnapshot snapshot, int keep) {
    UserState u = users.get(userId);
    if (u == null) {
      return; // erased, or never learned anything: no history of nothing
    }
    synchronized (u) {
      u.history.put(snapshot.at().toEpochMilli(), snapshot);
      while (u.history.size() > keep) {
        u.history.pollFirstEntry();
      }
    }
  }

  @Override
  public List<io.overdrive.features.InterestSnapshot> interestHistory(String userId) {
    UserState u = users.get(userId);
    if (u == null) {
      return List.of();
    }
    synchronized (u) {
      return List.copyOf(u.history.values());
    }
  }

  @Override
  public boolean eraseUser(String userId) {
    outcomes.forgetUser(userId);
    countedRankings.remove(userId);
    synchronized (tombstones) {
      tombstones.put(Erasures.hash(userId), System.currentTimeMillis());
      erasures = new Erasures(tombstones);
    }
    return users.remove(userId) != null;
  }

  /** In memory the tombstones last as long as the process (the dedup window is not pruned here). */
  @Override
  public Erasures erasures() {
    return erasures;
  }

  @Override
  public String describe() {
    return "in-memory";
  }

  /** Number of users with any state, for /health and tests. */
  public int userCount() {
    return users.size();
  }
}
