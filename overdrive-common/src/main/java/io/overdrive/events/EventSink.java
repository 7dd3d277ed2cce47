package io.overdrive.events;

import io.overdrive.domain.Interaction;
import java.util.List;

/**
 * Where accepted interactions go: applied in-process (standalone) or published to Kafka
 * (distributed). {@link #submit} returns only once the events are durable in the sink's sense
 * (applied, or acknowledged by the broker), and throws {@link SinkUnavailableException} when they
 * are not, so the edge never acknowledges what it could lose.
 */
public interface EventSink {
  Receipt submit(List<Interaction> events);

  /** "in-process" or "kafka:<topic>". */
  String describe();

  /**
   * @param applied events applied now (in-process), or 0 when applied later by a consumer
   * @param duplicates redelivered events recognised now
   * @param queued true when the events were queued for asynchronous application (Kafka)
   */
  record Receipt(int accepted, int applied, int duplicates, boolean queued) {}

  class SinkUnavailableException extends RuntimeException {
    public SinkUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
