package io.overdrive.catalogue;

import io.overdrive.events.EventSink.SinkUnavailableException;
import java.util.List;

/**
 * Where accepted catalogue changes go: applied in-process (standalone, {@link
 * InProcessCatalogueSink}) or published to the items and users topics (distributed). Like {@code
 * EventSink}, a call returns only once the changes are durable in the sink's sense and throws
 * {@link SinkUnavailableException} otherwise, so the edge never acknowledges what it could lose.
 */
public interface CatalogueSink {
  /** Items posted or taken down. */
  Receipt items(List<ItemChange> changes);

  /** Profiles stored or users erased (the store itself is written by the API). */
  void users(List<UserChange> changes);

  /** "in-process" or "kafka:<items topic>". */
  String describe();

  /**
   * @param accepted changes accepted
   * @param queued true when they are applied later by a consumer (Kafka), false when applied now
   */
  record Receipt(int accepted, boolean queued) {}
}
