package io.overdrive.consumer.archive;

import io.overdrive.concurrent.Daemons;
import io.overdrive.events.ArchiveShipper;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.storage.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Ships finished archive parts to object storage while the consumer runs, and at shutdown — after
 * the listener containers stopped (a lower phase stops later) — finishes the parts in hand and
 * ships them too, so a pod's local disk holds at most the parts of the last roll interval. A failed
 * upload leaves the part on disk and is tried again at the next tick.
 */
public final class ArchiveShipping implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ArchiveShipping.class);

  /** Below the Kafka listener containers' phase (Integer.MAX_VALUE - 100): stops after them. */
  static final int PHASE = Integer.MAX_VALUE - 1000;

  private final ArchiveWriter writer;
  private final ArchiveShipper shipper;
  private final ObjectStore store;
  private final Duration interval;
  private ScheduledExecutorService ticker;
  private volatile boolean running;

  public ArchiveShipping(ArchiveWriter writer, ObjectStore store, Duration interval) {
    this.writer = writer;
    this.store = store;
    this.shipper = new ArchiveShipper(store, writer.dir());
    this.interval = interval;
  }

  @Override
  public void start() {
    log.info("Archive: shipping finished parts {} every {}", shipper.describe(), interval);
    ticker = Daemons.scheduler("archive-shipping");
    ticker.scheduleWithFixedDelay(this::shipQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    ticker.shutdown();
    try {
      ticker.awaitTermination(30, TimeUnit.SECONDS);
      writer.roll();
      shipper.shipFinished();
    } catch (IOException | RuntimeException e) {
      log.warn("Archive: parts left in {} at shutdown: {}", writer.dir(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      store.close();
    }
  }

  private void shipQuietly() {
    try {
      shipper.shipFinished();
    } catch (IOException | RuntimeException e) {
      log.warn("Archive: shipping failed, parts stay local until the next try: {}", e.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
