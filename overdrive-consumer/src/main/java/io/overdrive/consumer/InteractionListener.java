package io.overdrive.consumer;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The batch listener on {@code overdrive.interactions}. The container commits the batch's offsets
 * after this method returns, i.e. after the Redis writes, the archive append and the dead letters
 * succeeded; when it throws, the batch is retried (see {@link ConsumerConfiguration}).
 */
@Component
public class InteractionListener {
  public static final String ID = "overdrive-interactions";
  private final InteractionBatchProcessor processor;
  private final ConsumerMetrics metrics;

  public InteractionListener(InteractionBatchProcessor processor, ConsumerMetrics metrics) {
    this.processor = processor;
    this.metrics = metrics;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = "${overdrive.events-topic:overdrive.interactions}",
      containerFactory = ConsumerConfiguration.CONTAINER_FACTORY,
      batch = "true")
  public void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
    processor.process(records);
    metrics.recordLag(consumer);
  }
}
