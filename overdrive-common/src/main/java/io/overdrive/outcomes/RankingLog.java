package io.overdrive.outcomes;

/**
 * Where served rankings are recorded: published to Kafka ({@link KafkaRankingLog}, distributed),
 * applied and archived in-process by a background worker ({@link InProcessRankingLog}, standalone),
 * or nowhere ({@link #OFF}). {@link #record} is on the ranking hot path: it never blocks on I/O and
 * never throws; a ranking it cannot record is counted ({@code
 * overdrive_rankings_log_dropped_total}) and the answer goes out regardless.
 */
public interface RankingLog extends AutoCloseable {
  RankingLog OFF =
      new RankingLog() {
        @Override
        public void record(ServedRanking ranking) {}

        @Override
        public String describe() {
          return "off";
        }
      };

  void record(ServedRanking ranking);

  /**
   * Waits until every ranking recorded so far is written where this process writes it (the
   * in-process log gathers rankings for 20 ms before a write): a user's export calls it first, so
   * the export holds the ranking just served. A no-op where another process writes the log (Kafka:
   * the consumer).
   */
  default void awaitWritten() {}

  /** "kafka:&lt;topic&gt;", "in-process" or "off", for logs and /health. */
  String describe();

  /** Records what is still queued and releases the log's resources. */
  @Override
  default void close() {}
}
