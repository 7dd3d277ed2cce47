package io.overdrive.store;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.FeatureDelta;
import io.overdrive.features.ForwardDecay;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.UserFeatures;
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
    for (FeatureDelta d : deltas) {
      UserState u = users.computeIfAbsent(d.userId(), k -> new UserState());
      boolean fresh;
      synchronized (u) {
        fresh = u.appliedEvents.add(d.eventId());
        if (fresh) {
          applyUser(u, d);
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
    return new ApplyResult(applied, duplicates);
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
  public boolean eraseUser(String userId) {
    return users.remove(userId) != null;
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
