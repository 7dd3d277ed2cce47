package io.overdrive.events;

import io.overdrive.concurrent.Daemons;
import io.overdrive.domain.Interaction;
import io.overdrive.features.InterestSnapshot;
import io.overdrive.features.UserFeatures;
import io.overdrive.store.Erasures;
import io.overdrive.store.FeatureStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how each user's learned interests change: after events are applied, a user is due for a
 * snapshot ({@link InterestSnapshot}) when their events reach a new {@link #BUCKET} of event time
 * or {@link #EVERY_EVENTS} more events arrived since the last one (so a day of heavy use and an
 * imported year of history both get points). Due users are snapshotted off the learning path, once
 * a second, by reading their features as of their latest event; the store keeps the newest {@link
 * #KEEP} per user. Best effort: when more users are due than {@link #MAX_PENDING}, the rest wait
 * for their next events, and a failed write is dropped (the next one covers it).
 *
 * <p>The state of which users were snapshotted lives in this process: a restarted consumer takes
 * one extra snapshot of each user it sees again.
 */
public final class InterestHistory implements AutoCloseable {
  /** A snapshot per user at most once per this much event time, unless many events arrive. */
  public static final Duration BUCKET = Duration.ofHours(1);

  /** Events after which a user is due again within the same bucket. */
  public static final int EVERY_EVENTS = 20;

  /** Snapshots kept per user (with hourly buckets: about a week of continuous use). */
  public static final int KEEP = 200;

  /** Users waiting for a snapshot at most. */
  static final int MAX_PENDING = 10_000;

  /** Users remembered (their last bucket and event count); the least recent are forgotten. */
  static final int REMEMBERED = 100_000;

  private static final Logger log = LoggerFactory.getLogger(InterestHistory.class);

  private record Seen(long bucket, int events) {}

  private final FeatureStore store;
  private final Map<String, Seen> seen = new LinkedHashMap<>(1024, 0.75f, true);
  private final Map<String, Instant> pending = new LinkedHashMap<>();
  private final AtomicLong written = new AtomicLong();
  private ScheduledExecutorService timer;

  public InterestHistory(FeatureStore store) {
    this.store = store;
  }

  /** Snapshots due users once a second on a daemon thread, until {@link #close()}. */
  public InterestHistory start() {
    timer = Daemons.scheduler("interest-history");
    timer.scheduleWithFixedDelay(this::drainQuietly, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** Marks the users of applied events due when their events reached a new bucket or count. */
  public void observe(List<Interaction> applied) {
    synchronized (seen) {
      for (Interaction e : applied) {
        String user = e.userId();
        long bucket = e.timestamp().toEpochMilli() / BUCKET.toMillis();
        Seen s = seen.get(user);
        boolean due = s == null || bucket > s.bucket() || s.events() + 1 >= EVERY_EVENTS;
        if (due) {
          Instant at = pending.get(user);
          if (at != null || pending.size() < MAX_PENDING) {
            pending.put(user, at == null || e.timestamp().isAfter(at) ? e.timestamp() : at);
            seen.put(user, new Seen(s == null ? bucket : Math.max(bucket, s.bucket()), 0));
          }
        } else {
          seen.put(user, new Seen(s.bucket(), s.events() + 1));
        }
      }
      while (seen.size() > REMEMBERED) {
        seen.remove(seen.keySet().iterator().next());
      }
    }
  }

  /** Snapshots every due user now; returns how many snapshots were written. */
  public int drain() {
    Map<String, Instant> due;
    synchronized (seen) {
      if (pending.isEmpty()) {
        return 0;
      }
      due = new LinkedHashMap<>(pending);
      pending.clear();
    }
    Erasures erasures = store.erasures();
    List<String> done = new ArrayList<>(due.size());
    for (Map.Entry<String, Instant> d : due.entrySet()) {
      String user = d.getKey();
      Instant at = d.getValue();
      if (erasures.erased(user, at.toEpochMilli())) {
        continue;
      }
      UserFeatures f = store.user(user, at);
      if (f.lastEventAt() == null) {
        continue; // erased since, or nothing was learned
      }
      store.appendInterestSnapshot(user, InterestSnapshot.of(f), KEEP);
      done.add(user);
    }
    // an erasure that raced the snapshots must not leave a history behind
    Erasures after = store.erasures();
    if (after != erasures) {
      for (String user : done) {
        if (after.erased(user, due.get(user).toEpochMilli())) {
          store.eraseUser(user);
        }
      }
    }
    written.addAndGet(done.size());
    return done.size();
  }

  /** Snapshots written since start. */
  public long written() {
    return written.get();
  }

  private void drainQuietly() {
    try {
      drain();
    } catch (RuntimeException e) {
      log.warn("Interest history: snapshots skipped this round ({})", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
