package io.overdrive.api.catalogue;

import io.overdrive.concurrent.Daemons;
import io.overdrive.events.ArchiveWriter;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the standalone API's archive parts when their roll interval or hour is over, so the
 * trainer sees recent data even when no new event arrives to roll them (the consumer does the same
 * on its health checks).
 */
final class ArchiveSealer {
  private static final Logger log = LoggerFactory.getLogger(ArchiveSealer.class);

  private final ArchiveWriter writer;
  private final Duration interval;
  private ScheduledExecutorService ticker;

  ArchiveSealer(ArchiveWriter writer, Duration interval) {
    this.writer = writer;
    this.interval = interval;
  }

  void start() {
    ticker = Daemons.scheduler("archive-sealer");
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            writer.sealIfDue();
          } catch (RuntimeException e) {
            log.warn("Archive: cannot finish a part in {}: {}", writer.dir(), e.toString());
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    ticker.shutdownNow();
  }
}
