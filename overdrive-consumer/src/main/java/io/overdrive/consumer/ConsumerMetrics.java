package io.overdrive.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * The consumer's meters, on {@code /metrics} (Prometheus):
 *
 * <ul>
 *   <li>{@code overdrive_consumer_events_total{outcome}}: applied, duplicate (a redelivery
 *       recognised by its event id), dead_lettered; events/s is its rate
 *   <li>{@code overdrive_consumer_batch_seconds}: time to apply and archive one batch (histogram)
 *   <li>{@code overdrive_consumer_batch_size}: records per batch
 *   <li>{@code overdrive_consumer_lag_records}: records behind the end of the assigned partitions
 *   <li>{@code overdrive_consumer_batch_failures_total}: batches that failed and were retried
 *   <li>{@code overdrive_consumer_archived_total}: events appended to the archive
 *   <li>{@code overdrive_consumer_freshness_seconds}: from the API's publish (the record's
 *       timestamp) to the event applied in Redis, the part of "a like changes the next feed" the
 *       pipeline controls (histogram)
 * </ul>
 *
 * Kafka's own client metrics ({@code kafka_consumer_*}) are exported next to them.
 */
@Component
public class ConsumerMetrics implements RetryListener {
  private static final Logger log = LoggerFactory.getLogger(ConsumerMetrics.class);
  private final Counter applied;
  private final Counter duplicates;
  private final Counter deadLettered;
  private final Counter archived;
  private final Counter failures;
  private final Timer batch;
  private final DistributionSummary batchSize;
  private final Timer freshness;

  /** Lag of each listener thread's assignment; the gauge is their sum. */
  private final Map<Thread, Long> lagByThread = new ConcurrentHashMap<>();

  public ConsumerMetrics(MeterRegistry registry) {
    applied = outcome(registry, "applied");
    duplicates = outcome(registry, "duplicate");
    deadLettered = outcome(registry, "dead_lettered");
    archived =
        Counter.builder("overdrive.consumer.archived")
            .description("events appended to the training archive")
            .register(registry);
    failures =
        Counter.builder("overdrive.consumer.batch.failures")
            .description("batches that failed as a whole and were retried")
            .register(registry);
    batch =
        Timer.builder("overdrive.consumer.batch")
            .description("time to decode, apply, archive and dead-letter one batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    freshness =
        Timer.builder("overdrive.consumer.freshness")
            .description("from the API's publish to the event applied in Redis")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    batchSize =
        DistributionSummary.builder("overdrive.consumer.batch.size")
            .description("records per batch")
            .register(registry);
    Gauge.builder(
            "overdrive.consumer.lag",
            lagByThread,
            m -> m.values().stream().mapToLong(Long::longValue).sum())
        .description("records behind the end of this instance's partitions")
        .baseUnit("records")
        .register(registry);
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("overdrive.consumer.events")
        .description("events consumed, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  Timer batchTimer() {
    return batch;
  }

  void recordBatch(
      int size, long appliedCount, long duplicateCount, long deadLetterCount, long archivedCount) {
    batchSize.record(size);
    applied.increment(appliedCount);
    duplicates.increment(duplicateCount);
    deadLettered.increment(deadLetterCount);
    archived.increment(archivedCount);
  }

  /** Records how long ago each record was published (its CreateTime), now that it is applied. */
  void recordFreshness(List<? extends ConsumerRecord<?, ?>> records) {
    long now = System.currentTimeMillis();
    for (ConsumerRecord<?, ?> r : records) {
      if (r.timestampType() == TimestampType.CREATE_TIME && r.timestamp() > 0) {
        freshness.record(Math.max(0, now - r.timestamp()), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Reads the lag of the partitions the calling listener thread owns (its consumer's view). */
  void recordLag(Consumer<?, ?> consumer) {
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    lagByThread.put(Thread.currentThread(), lag);
  }

  @Override
  public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
    failures.increment();
    log.warn(
        "Batch of {} records failed (attempt {}), retrying: {}",
        records.count(),
        deliveryAttempt,
        rootMessage(ex));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? e.toString() : e.getMessage() + " <- " + t;
  }

  @Override
  public void failedDelivery(
      org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Exception ex, int attempt) {
    failures.increment();
  }
}
