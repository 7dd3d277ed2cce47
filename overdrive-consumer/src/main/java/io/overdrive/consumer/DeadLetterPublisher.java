package io.overdrive.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends events that cannot be learned from to the dead-letter topic: the original key, value and
 * headers, plus {@value #REASON} (what was wrong, naming the field) and {@value #SOURCE} ({@code
 * topic-partition@offset}). Waits for the broker's acknowledgement, so a batch's offsets are
 * committed only once its dead letters are safe too.
 */
@Component
public class DeadLetterPublisher {
  public static final String REASON = "overdrive-dlt-reason";
  public static final String SOURCE = "overdrive-dlt-source";
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final KafkaTemplate<byte[], byte[]> template;
  private final String topic;

  public DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, ConsumerProperties props) {
    this.template = template;
    this.topic = props.deadLetterTopic();
  }

  /** One record that goes to the dead-letter topic, and why. */
  public record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {}

  public void publish(List<DeadLetter> letters) {
    publish(topic, letters);
  }

  /** To another dead-letter topic (the catalogue topics have their own). */
  public void publish(String topic, List<DeadLetter> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<CompletableFuture<?>> acks = new ArrayList<>(letters.size());
    for (DeadLetter l : letters) {
      ConsumerRecord<byte[], byte[]> r = l.record();
      RecordHeaders headers = new RecordHeaders();
      for (Header h : r.headers()) {
        headers.add(h);
      }
      headers.add(REASON, l.reason().getBytes(StandardCharsets.UTF_8));
      headers.add(
          SOURCE,
          (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
      acks.add(template.send(new ProducerRecord<>(topic, null, r.key(), r.value(), headers)));
      log.warn("Dead letter {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), l.reason());
    }
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while publishing dead letters", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("dead-letter topic " + topic + " did not acknowledge", e);
    }
  }
}
