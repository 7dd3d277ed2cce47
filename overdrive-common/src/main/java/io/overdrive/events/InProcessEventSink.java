package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.outcomes.ArmCounts;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * Standalone mode: events are applied to the feature store before the call returns, and what they
 * added to the experiment arms' counters is reported to the outcome listener (the Prometheus
 * counters).
 */
public final class InProcessEventSink implements EventSink {
  private final EventIngestor ingestor;
  private final Consumer<ArmCounts> outcomes;
  private final ArchiveWriter archive;

  public InProcessEventSink(EventIngestor ingestor) {
    this(ingestor, counts -> {}, null);
  }

  /**
   * @param archive where applied events are archived ({@code events-*.jsonl.gz}) for the trainer
   *     and the offline experiment report, or null
   */
  public InProcessEventSink(
      EventIngestor ingestor, Consumer<ArmCounts> outcomes, ArchiveWriter archive) {
    this.ingestor = ingestor;
    this.outcomes = outcomes;
    this.archive = archive;
  }

  @Override
  public Receipt submit(List<Interaction> events) {
    ApplyResult r = ingestor.ingest(events);
    outcomes.accept(r.outcomes());
    if (archive != null) {
      archive.append(events);
    }
    return new Receipt(events.size(), r.applied(), r.duplicates(), false);
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
