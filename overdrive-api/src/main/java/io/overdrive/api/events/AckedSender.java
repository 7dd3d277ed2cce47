package io.overdrive.api.events;

import io.overdrive.events.EventSink.SinkUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes a request's records and returns only once the broker acknowledged every one, within the
 * send timeout; otherwise throws {@link SinkUnavailableException} (503), saying that none of them
 * can be assumed accepted (decision 0202). Shared by the event and the catalogue sinks.
 */
public final class AckedSender {
  private final KafkaTemplate<byte[], byte[]> template;
  private final Duration sendTimeout;

  public AckedSender(KafkaTemplate<byte[], byte[]> template, Duration sendTimeout) {
    this.template = template;
    this.sendTimeout = sendTimeout;
  }

  /**
   * @param what the records in the caller's words ("events") and how to retry ("with the same
   *     event_ids"), for the 503's message
   */
  public void sendAll(List<ProducerRecord<byte[], byte[]>> records, String what, String retry) {
    List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
    try {
      for (ProducerRecord<byte[], byte[]> r : records) {
        acks.add(template.send(r));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(sendTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e, what, retry);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw unavailable(e, what, retry);
    }
  }

  private SinkUnavailableException unavailable(Exception e, String what, String retry) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new SinkUnavailableException(
        "the broker did not acknowledge within "
            + sendTimeout.toMillis()
            + " ms ("
            + root.getClass().getSimpleName()
            + "); none of these "
            + what
            + " can be assumed accepted: retry "
            + retry,
        e);
  }
}
