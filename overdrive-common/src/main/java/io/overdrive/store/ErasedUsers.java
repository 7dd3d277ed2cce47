package io.overdrive.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which users were erased within the dedup window, for the model scorers and embedders: a user
 * under an erasure tombstone gets no user-id embedding from a model (the id's row was learned from
 * their erased past, by a model trained before the erasure), only what they did since. The
 * tombstones ({@link FeatureStore#erasures()}) are re-read in the background every {@code refresh},
 * so a ranking never waits on them, and a store that does not answer keeps the last ones read.
 */
public final class ErasedUsers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ErasedUsers.class);

  /** No erasure is ever seen (tests, and stores without tombstones). */
  public static final ErasedUsers NONE = new ErasedUsers(() -> Erasures.NONE);

  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

  private final Supplier<Erasures> source;
  private final ScheduledExecutorService ticker;
  private volatile Erasures current = Erasures.NONE;

  private ErasedUsers(Supplier<Erasures> source) {
    this.source = source;
    this.ticker = null;
  }

  private ErasedUsers(Supplier<Erasures> source, Duration refresh) {
    this.source = source;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "erased-users");
              t.setDaemon(true);
              return t;
            });
    refresh();
    ticker.scheduleWithFixedDelay(
        this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The store's tombstones, read now and then every {@code refresh}. */
  public static ErasedUsers watching(FeatureStore store, Duration refresh) {
    return new ErasedUsers(store::erasures, refresh);
  }

  /** Whether the user has an erasure tombstone (as of the last read, at most one refresh ago). */
  public boolean erased(String userId) {
    Erasures e = current;
    return !e.isEmpty() && e.has(userId);
  }

  private void refresh() {
    try {
      current = source.get();
    } catch (RuntimeException e) {
      log.debug("Erasure tombstones not read ({}); keeping the last ones", e.toString());
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
