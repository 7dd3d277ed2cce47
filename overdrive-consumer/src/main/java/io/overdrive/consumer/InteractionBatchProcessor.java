package io.overdrive.consumer;

import io.micrometer.core.instrument.Timer;
import io.overdrive.consumer.DeadLetterPublisher.DeadLetter;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventIngestor;
import io.overdrive.events.EventProto;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.store.Erasures;
import io.overdrive.store.FeatureStore.ApplyResult;
import io.overdrive.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One batch, in the order that makes a commit safe: decode every record (an unreadable one becomes
 * a dead letter with its reason, the rest go on), apply the events to the feature store through
 * {@link EventIngestor} (the standalone API's code path), append them to the archive, publish the
 * dead letters. Any step that fails as a whole throws, so the batch is retried and its offsets are
 * not committed; redelivered events are recognised by the store and not counted twice. Events of an
 * erased user's past (the erasure tombstones of the dedup window) are dropped before all that.
 */
@Component
public class InteractionBatchProcessor {
  private final EventIngestor ingestor;
  private final Optional<ArchiveWriter> archive;
  private final DeadLetterPublisher deadLetters;
  private final ConsumerMetrics metrics;
  private final OutcomeMetrics outcomes;

  public InteractionBatchProcessor(
      EventIngestor ingestor,
      Optional<ArchiveWriter> archive,
      DeadLetterPublisher deadLetters,
      ConsumerMetrics metrics,
      OutcomeMetrics outcomes) {
    this.ingestor = ingestor;
    this.outcomes = outcomes;
    this.archive = archive;
    if (archive.isEmpty()) {
      LoggerFactory.getLogger(InteractionBatchProcessor.class)
          .warn("Archive: off (OVERDRIVE_ARCHIVE_DIR is empty); events are not kept for training");
    }
    this.deadLetters = deadLetters;
    this.metrics = metrics;
  }

  /** What a batch did. */
  public record Outcome(int records, ApplyResult applied, int deadLettered, int archived) {}

  /** A decoded record. */
  private record Decoded(ConsumerRecord<byte[], byte[]> record, Interaction event) {}

  public Outcome process(List<ConsumerRecord<byte[], byte[]>> records) {
    Timer.Sample timing = Timer.start();
    List<Decoded> decoded = new ArrayList<>(records.size());
    List<DeadLetter> dead = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        decoded.add(new Decoded(r, EventProto.decode(r.value())));
      } catch (InvalidInputException e) {
        dead.add(new DeadLetter(r, e.field() + ": " + e.getMessage()));
      }
    }
    // an erased user's late events are neither learned nor archived (the store's tombstones)
    Erasures erasures = ingestor.store().erasures();
    if (!erasures.isEmpty()) {
      decoded.removeIf(
          d -> erasures.erased(d.event().userId(), d.event().timestamp().toEpochMilli()));
    }
    ApplyResult result = applyIsolatingRejects(decoded, dead);
    metrics.recordFreshness(records);
    List<Interaction> learned = decoded.stream().map(Decoded::event).toList();
    archive.ifPresent(a -> a.append(learned));
    deadLetters.publish(dead);
    outcomes.record(result.outcomes());
    int archived = archive.isPresent() ? learned.size() : 0;
    metrics.recordBatch(
        records.size(), result.applied(), result.duplicates(), dead.size(), archived);
    timing.stop(metrics.batchTimer());
    return new Outcome(records.size(), result, dead.size(), archived);
  }

  /**
   * Applies the events; when the store rejects the batch for what it contains (not because it is
   * unreachable), halves it until the events it rejects are found, turns those into dead letters
   * (removed from {@code decoded}) and applies the rest.
   */
  private ApplyResult applyIsolatingRejects(List<Decoded> decoded, List<DeadLetter> dead) {
    List<Decoded> rejected = new ArrayList<>();
    ApplyResult result = apply(decoded, rejected, dead);
    decoded.removeAll(rejected);
    return result;
  }

  private ApplyResult apply(List<Decoded> part, List<Decoded> rejected, List<DeadLetter> dead) {
    if (part.isEmpty()) {
      return ApplyResult.NONE;
    }
    try {
      return ingestor.ingest(part.stream().map(Decoded::event).toList());
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      if (part.size() == 1) {
        rejected.add(part.get(0));
        dead.add(
            new DeadLetter(part.get(0).record(), "rejected while applying: " + e.getMessage()));
        return ApplyResult.NONE;
      }
      int half = part.size() / 2;
      return apply(part.subList(0, half), rejected, dead)
          .plus(apply(part.subList(half, part.size()), rejected, dead));
    }
  }
}
