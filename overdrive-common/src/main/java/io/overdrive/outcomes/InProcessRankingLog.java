package io.overdrive.outcomes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone's served-ranking log: a request hands its ranking to a bounded queue (no I/O, no lock
 * held while anything slow runs) and returns; one background thread counts the queued rankings for
 * their arms in the feature store and appends them to the archive ({@code rankings-*.jsonl.gz})
 * when there is one. A full queue drops the ranking and counts it ({@code
 * overdrive_rankings_log_dropped_total{reason="queue_full"}}): the answer never waits for the log.
 */
public final class InProcessRankingLog implements RankingLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InProcessRankingLog.class);
  static final String DROPPED_METRIC = "overdrive.rankings.log.dropped";
  private static final int BATCH = 1000;

  /**
   * How long the worker gathers rankings after the first before writing them. Written one by one,
   * each served ranking woke this thread, sent a script to the store and woke the store client's
   * event loop for its reply: with one caller ~0.1 ms of CPU per ranking beside the request's own 1
   * ms, and the store's CPU (docs/benchmarks.md, "The eighth round"). A ranking's arm counts and
   * archive line land this much later; what is queued is still written on close, and {@link #flush}
   * still waits for it.
   */
  static final long LINGER_MILLIS = 20;

  private final FeatureStore store;
  private final ArchiveWriter archive;
  private final OutcomeMetrics metrics;
  private final BlockingQueue<ServedRanking> queue;
  private final Counter queueFull;
  private final Counter failed;
  private final Thread worker;
  private volatile boolean running = true;
  private final AtomicLong handed = new AtomicLong();
  private long done;

  /**
   * @param archive where rankings are archived, or null for none
   * @param capacity rankings waiting at most; beyond, new ones are dropped
   */
  public InProcessRankingLog(
      FeatureStore store,
      ArchiveWriter archive,
      OutcomeMetrics metrics,
      MeterRegistry registry,
      int capacity) {
    this.store = store;
    this.archive = archive;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.queueFull = dropped(registry, "queue_full");
    this.failed = dropped(registry, "store_failed");
    this.worker = new Thread(this::run, "ranking-log");
    worker.setDaemon(true);
    worker.start();
  }

  static Counter dropped(MeterRegistry registry, String reason) {
    return Counter.builder(DROPPED_METRIC)
        .description("served rankings the log could not record")
        .tag("reason", reason)
        .register(registry);
  }

  @Override
  public void record(ServedRanking ranking) {
    handed.incrementAndGet();
    if (!queue.offer(ranking)) {
      queueFull.increment();
      finished(1);
    }
  }

  private void run() {
    List<ServedRanking> batch = new ArrayList<>(BATCH);
    while (running || !queue.isEmpty()) {
      try {
        ServedRanking first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          if (archive != null) {
            archive.sealIfDue();
          }
          continue;
        }
        batch.add(first);
        if (running && queue.size() < BATCH - 1) {
          linger();
        }
        queue.drainTo(batch, BATCH - 1);
        write(batch);
      } catch (InterruptedException e) {
        running = false;
      } finally {
        finished(batch.size());
        batch.clear();
      }
    }
  }

  /** Waits {@link #LINGER_MILLIS}; interrupted, stops after writing the batch it holds. */
  private void linger() {
    try {
      Thread.sleep(LINGER_MILLIS);
    } catch (InterruptedException e) {
      running = false;
    }
  }

  private void write(List<ServedRanking> batch) {
    for (ServedRanking r : batch) {
      metrics.learn(r.arm());
    }
    try {
      ApplyResult applied = store.applyRankings(batch);
      metrics.record(applied.outcomes());
      if (archive != null) {
        archive.appendRankings(batch);
      }
    } catch (RuntimeException e) {
      failed.increment(batch.size());
      log.warn("Served-ranking log: {} ranking(s) not recorded: {}", batch.size(), e.toString());
    }
  }

  private synchronized void finished(int n) {
    done += n;
    notifyAll();
  }

  @Override
  public void awaitWritten() {
    try {
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every ranking recorded so far was written (a user's export, tests). */
  public synchronized void flush() throws InterruptedException {
    long target = handed.get();
    while (done < target) {
      wait(1000);
    }
  }

  @Override
  public String describe() {
    return archive == null ? "in-process" : "in-process, archived in " + archive.dir();
  }

  /** Writes what is queued, then stops; the archive's open part is finished. */
  @Override
  public void close() {
    running = false;
    try {
      worker.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (archive != null) {
      archive.close();
    }
  }
}
