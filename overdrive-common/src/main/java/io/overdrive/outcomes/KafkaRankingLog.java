package io.overdrive.outcomes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.events.RankingProto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed mode's served-ranking log: each ranking is published to {@code overdrive.rankings}
 * (protobuf {@code ServedRanking}, keyed by user id like the interactions) and the answer goes out
 * without waiting for the broker. The producer never blocks the request thread: {@code
 * max.block.ms} is 0, so a send that would wait (no partition metadata yet, the buffer full during
 * an outage) fails at once; the topic's metadata is fetched at start and kept. A ranking that fails
 * is counted ({@code overdrive_rankings_log_dropped_total{reason="kafka"}}) and logged at most once
 * a minute: the log is best-effort at the edge, while the counting of what reached it is
 * exactly-once (docs/decisions/0204-served-ranking-log.md).
 */
public final class KafkaRankingLog implements RankingLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaRankingLog.class);
  private static final long WARN_EVERY_MS = 60_000;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Counter failed;
  private final AtomicLong lastWarning = new AtomicLong();

  public KafkaRankingLog(Producer<byte[], byte[]> producer, String topic, MeterRegistry registry) {
    this.producer = producer;
    this.topic = topic;
    this.failed = InProcessRankingLog.dropped(registry, "kafka");
    Thread warmUp = new Thread(this::fetchMetadata, "ranking-log-metadata");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** A log with its own producer, configured never to block ({@link #producerConfig}). */
  public static KafkaRankingLog create(String brokers, String topic, MeterRegistry registry) {
    return new KafkaRankingLog(new KafkaProducer<>(producerConfig(brokers)), topic, registry);
  }

  /**
   * The producer's settings: idempotent with {@code acks=all} (the consumer counts each ranking
   * once anyway), a few milliseconds of linger (rankings batch well; no caller waits), {@code
   * max.block.ms=0} and topic metadata kept while idle, so a send never waits.
   */
  public static Map<String, Object> producerConfig(String brokers) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
    p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }

  @Override
  public void record(ServedRanking ranking) {
    try {
      producer.send(
          new ProducerRecord<>(
              topic,
              ranking.userId().getBytes(StandardCharsets.UTF_8),
              RankingProto.encode(ranking)),
          (metadata, e) -> {
            if (e != null) {
              failed(e);
            }
          });
    } catch (KafkaException | IllegalStateException e) {
      failed(e);
    }
  }

  private void failed(Exception e) {
    failed.increment();
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last > WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
      log.warn("Served-ranking log: a ranking was not published to {}: {}", topic, e.toString());
    }
  }

  /** Asks for the topic's partitions until the broker answers, so sends find them cached. */
  private void fetchMetadata() {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        producer.partitionsFor(topic);
        return;
      } catch (KafkaException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public String describe() {
    return "kafka:" + topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
