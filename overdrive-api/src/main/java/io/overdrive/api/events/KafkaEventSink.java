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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final KafkaTemplate<byte[], byte[]> template;
  private final String topic;
  private final Duration sendTimeout;
  private final Clock clock;

  public KafkaEventSink(
      KafkaTemplate<byte[], byte[]> template, String topic, Duration sendTimeout, Clock clock) {
    this.template = template;
    this.topic = topic;
    this.sendTimeout = sendTimeout;
    this.clock = clock;
  }

  @Override
  public Receipt submit(List<Interaction> events) {
    Instant receivedAt = clock.instant();
    List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
    try {
      for (Interaction e : events) {
        acks.add(
            template.send(
                new ProducerRecord<>(
                    topic,
                    e.userId().getBytes(StandardCharsets.UTF_8),
                    EventProto.encode(e, receivedAt))));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(sendTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(e);
    }
    return new Receipt(events.size(), 0, 0, true);
  }

  private SinkUnavailableException unavailable(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new SinkUnavailableException(
        "the event broker did not acknowledge within "
            + sendTimeout.toMillis()
            + " ms ("
            + root.getClass().getSimpleName()
            + "); none of these events can be assumed accepted: retry with the same event_ids",
        e);
  }

  @Override
  public String describe() {
    return "kafka:" + topic;
  }
}
