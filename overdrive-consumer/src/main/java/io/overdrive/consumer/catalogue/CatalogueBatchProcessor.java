package io.overdrive.consumer.catalogue;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.catalogue.CatalogueIngestor;
import io.overdrive.catalogue.CatalogueProto;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.catalogue.UserChange;
import io.overdrive.consumer.DeadLetterPublisher;
import io.overdrive.consumer.DeadLetterPublisher.DeadLetter;
import io.overdrive.domain.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * One batch of catalogue records, in the order that makes a commit safe (as for interactions):
 * decode each (an unreadable one becomes a dead letter on {@code <topic>.dlt} with its reason, the
 * rest go on), apply the item changes through {@link CatalogueIngestor} (Redis record or takedown
 * mark, fresh pool, takedown log, archive) and archive the profile changes, then publish the dead
 * letters. A failure of a whole step throws: the batch is retried, its offsets not committed. Each
 * change is idempotent (the latest record of an id wins; the archive's fold ignores a repeat).
 */
@Component
public class CatalogueBatchProcessor {
  static final String METRIC = "overdrive.consumer.catalogue";

  private final CatalogueIngestor ingestor;
  private final DeadLetterPublisher deadLetters;
  private final CatalogueConsumerProperties props;
  private final MeterRegistry registry;

  public CatalogueBatchProcessor(
      CatalogueIngestor ingestor,
      DeadLetterPublisher deadLetters,
      CatalogueConsumerProperties props,
      MeterRegistry registry) {
    this.ingestor = ingestor;
    this.deadLetters = deadLetters;
    this.props = props;
    this.registry = registry;
  }

  /** What a batch did. */
  public record Outcome(int items, int users, int itemsDeadLettered, int usersDeadLettered) {}

  public Outcome process(List<ConsumerRecord<byte[], byte[]>> records) {
    List<ItemChange> items = new ArrayList<>();
    List<UserChange> users = new ArrayList<>();
    List<DeadLetter> deadItems = new ArrayList<>();
    List<DeadLetter> deadUsers = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      boolean isItem = r.topic().equals(props.itemsTopic());
      Instant at = Instant.ofEpochMilli(r.timestamp());
      try {
        if (isItem) {
          items.add(CatalogueProto.decodeItem(r.key(), r.value(), at));
        } else {
          users.add(CatalogueProto.decodeUser(r.key(), r.value(), at));
        }
      } catch (InvalidInputException e) {
        (isItem ? deadItems : deadUsers).add(new DeadLetter(r, e.field() + ": " + e.getMessage()));
      }
    }
    CatalogueIngestor.Applied applied = ingestor.applyItems(items);
    ingestor.applyUsers(users);
    deadLetters.publish(props.itemsDeadLetterTopic(), deadItems);
    deadLetters.publish(props.usersDeadLetterTopic(), deadUsers);
    count("items", "upserted", applied.upserted());
    count("items", "taken_down", applied.takenDown());
    count("items", "dead_lettered", deadItems.size());
    count("users", "applied", users.size());
    count("users", "dead_lettered", deadUsers.size());
    return new Outcome(items.size(), users.size(), deadItems.size(), deadUsers.size());
  }

  private void count(String topic, String outcome, int n) {
    if (n > 0) {
      registry.counter(METRIC, "topic", topic, "outcome", outcome).increment(n);
    }
  }
}
