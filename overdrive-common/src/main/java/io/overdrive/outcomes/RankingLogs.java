package io.overdrive.outcomes;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.store.FeatureStore;

/** The served-ranking log a service runs, chosen the same way by the API and the serving node. */
public final class RankingLogs {
  private RankingLogs() {}

  /**
   * Off when not {@code enabled}; published to {@code topic} when Kafka brokers are given (the
   * consumer counts and archives); else counted by a background thread into {@code store} and
   * appended to {@code archive} (null: none).
   */
  public static RankingLog open(
      boolean enabled,
      String kafkaBrokers,
      String topic,
      FeatureStore store,
      ArchiveWriter archive,
      OutcomeMetrics metrics,
      MeterRegistry registry,
      int queueCapacity) {
    if (!enabled) {
      return RankingLog.OFF;
    }
    if (kafkaBrokers != null && !kafkaBrokers.isBlank()) {
      return KafkaRankingLog.create(kafkaBrokers, topic, registry);
    }
    return new InProcessRankingLog(store, archive, metrics, registry, queueCapacity);
  }
}
