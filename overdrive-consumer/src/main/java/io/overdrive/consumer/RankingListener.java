package io.overdrive.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.RankingProto;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The batch listener on {@code overdrive.rankings}, the served-ranking log: counts each ranking for
 * its experiment arm in the feature store (once: a redelivered ranking finds its mark there, {@code
 * apply_rankings.lua}), names the arm's Prometheus counters, and archives the rankings beside the
 * events ({@code rankings-*.jsonl.gz}) for the offline report. Offsets are committed after that, as
 * for the interactions; a record that is not a ServedRanking is counted and skipped ({@code
 * overdrive_rankings_unreadable_total}): a ranking feeds statistics, never learning, so it gets no
 * dead-letter topic of its own. Its own consumer group, so interactions never wait for it.
 */
@Component
public class RankingListener implements AutoCloseable {
  public static final String ID = "overdrive-rankings";
  private static final Logger log = LoggerFactory.getLogger(RankingListener.class);

  private final FeatureStore store;
  private final OutcomeMetrics outcomes;
  private final ArchiveWriter archive;
  private final Counter unreadable;

  public RankingListener(
      FeatureStore store,
      OutcomeMetrics outcomes,
      ConsumerProperties props,
      Clock clock,
      MeterRegistry registry) {
    this.store = store;
    this.outcomes = outcomes;
    this.archive =
        props.archiveDir().isBlank()
            ? null
            : new ArchiveWriter(
                props.archivePath(),
                Duration.ofSeconds(props.archiveRollSeconds()),
                256L << 20,
                clock);
    this.unreadable =
        Counter.builder("overdrive.rankings.unreadable")
            .description("records of the rankings topic that were not a ServedRanking")
            .register(registry);
  }

  @KafkaListener(
      id = ID,
      groupId = "${overdrive.consumer-group:overdrive-consumer}.rankings",
      topics = "${overdrive.rankings-topic:overdrive.rankings}",
      containerFactory = ConsumerConfiguration.CONTAINER_FACTORY,
      batch = "true")
  public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
    process(records);
  }

  /** Counts and archives a batch; returns what the store applied. */
  ApplyResult process(List<ConsumerRecord<byte[], byte[]>> records) {
    List<ServedRanking> rankings = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        rankings.add(RankingProto.decode(r.value()));
      } catch (InvalidInputException e) {
        unreadable.increment();
        log.warn(
            "Skipped record {}-{}@{}: not a served ranking ({}: {})",
            r.topic(),
            r.partition(),
            r.offset(),
            e.field(),
            e.getMessage());
      }
    }
    for (ServedRanking r : rankings) {
      outcomes.learn(r.arm());
    }
    ApplyResult applied = store.applyRankings(rankings);
    outcomes.record(applied.outcomes());
    if (archive != null) {
      archive.appendRankings(rankings);
      archive.sealIfDue();
    }
    return applied;
  }

  @Override
  public void close() {
    if (archive != null) {
      archive.close();
    }
  }
}
