package io.overdrive.events;

import io.overdrive.domain.Interaction;
import io.overdrive.store.FeatureStore.ApplyResult;
import java.util.List;

/** Standalone mode: events are applied to the feature store before the call returns. */
public final class InProcessEventSink implements EventSink {
  private final EventIngestor ingestor;

  public InProcessEventSink(EventIngestor ingestor) {
    this.ingestor = ingestor;
  }

  @Override
  public Receipt submit(List<Interaction> events) {
    ApplyResult r = ingestor.ingest(events);
    return new Receipt(events.size(), r.applied(), r.duplicates(), false);
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
