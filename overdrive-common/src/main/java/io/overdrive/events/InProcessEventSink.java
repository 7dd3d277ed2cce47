package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.util.List;
import java.util.Optional;

/**
 * Standalone mode: events are applied to the feature store before the call returns, and appended to
 * the archive when the API keeps one ({@code OVERDRIVE_ARCHIVE_DIR}), as the consumer does.
 */
public final class InProcessEventSink implements EventSink {
  private final EventIngestor ingestor;
  private final Optional<ArchiveWriter> archive;

  public InProcessEventSink(EventIngestor ingestor) {
    this(ingestor, Optional.empty());
  }

  public InProcessEventSink(EventIngestor ingestor, Optional<ArchiveWriter> archive) {
    this.ingestor = ingestor;
    this.archive = archive;
  }

  @Override
  public Receipt submit(List<Interaction> events) {
    ApplyResult r = ingestor.ingest(events);
    archive.ifPresent(a -> a.append(events));
    return new Receipt(events.size(), r.applied(), r.duplicates(), false);
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
