package io.overdrive.api.events;

import io.overdrive.domain.Interaction;
import io.overdrive.events.EventProto;
import io.overdrive.events.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Distributed mode: publishes accepted events to {@code overdrive.interactions}, keyed by user id
 * (so one user's events stay in order on one partition), as protobuf {@code InteractionEvent}s,
 * with an idempotent producer and {@code acks=all}. Returns only after the broker acknowledged
 * every event of the request; otherwise throws {@link SinkUnavailableException} (-> 503), and the
 * client retries with the same event ids — events that did get through are then recognised as
 * duplicates by the consumer (docs/decisions/0202-kafka-unavailable-503.md).
 */
public final class KafkaEventSink implements EventSink {
  private final AckedSender sender;
  private final String topic;
  private final Clock clock;

  public KafkaEventSink(
      KafkaTemplate<byte[], byte[]> template, String topic, Duration sendTimeout, Clock clock) {
    this.sender = new AckedSender(template, sendTimeout);
    this.topic = topic;
    this.clock = clock;
  }

  @Override
  public Receipt submit(List<Interaction> events) {
    Instant receivedAt = clock.instant();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
    for (Interaction e : events) {
      records.add(
          new ProducerRecord<>(
              topic,
              e.userId().getBytes(StandardCharsets.UTF_8),
              EventProto.encode(e, receivedAt)));
    }
    sender.sendAll(records, "events", "with the same event_ids");
    return new Receipt(events.size(), 0, 0, true);
  }

  @Override
  public String describe() {
    return "kafka:" + topic;
  }
}
