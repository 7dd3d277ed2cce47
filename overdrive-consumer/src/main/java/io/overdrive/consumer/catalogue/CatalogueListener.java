package io.overdrive.consumer.catalogue;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The batch listener on the items and users topics, in the interactions' consumer group and
 * container factory: offsets are committed after the batch was applied, archived and its dead
 * letters acknowledged; a batch that fails as a whole is retried, never skipped.
 */
@Component
public class CatalogueListener {
  public static final String ID = "overdrive-catalogue";
  private final CatalogueBatchProcessor processor;

  public CatalogueListener(CatalogueBatchProcessor processor) {
    this.processor = processor;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = {
        "${overdrive.items-topic:overdrive.items}",
        "${overdrive.users-topic:overdrive.users}"
      },
      containerFactory = "interactionBatchContainerFactory",
      batch = "true")
  public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
    processor.process(records);
  }
}
