package io.overdrive.api.catalogue;

import io.overdrive.api.events.AckedSender;
import io.overdrive.catalogue.CatalogueProto;
import io.overdrive.catalogue.CatalogueSink;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.catalogue.UserChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Distributed mode: item changes go to the items topic, profile changes and erasures to the users
 * topic, as protobuf records keyed by the id (both topics log-compacted: the latest record of an id
 * is what stays; decision 0204). Returns only once the broker acknowledged every record (503
 * otherwise, decision 0202); the consumer applies them to Redis and the archive.
 */
public final class KafkaCatalogueSink implements CatalogueSink {
  private final AckedSender sender;
  private final String itemsTopic;
  private final String usersTopic;

  public KafkaCatalogueSink(AckedSender sender, String itemsTopic, String usersTopic) {
    this.sender = sender;
    this.itemsTopic = itemsTopic;
    this.usersTopic = usersTopic;
  }

  @Override
  public Receipt items(List<ItemChange> changes) {
    sender.sendAll(
        changes.stream()
            .map(c -> record(itemsTopic, c.itemId(), CatalogueProto.encode(c)))
            .toList(),
        "items",
        "the request");
    return new Receipt(changes.size(), true);
  }

  @Override
  public void users(List<UserChange> changes) {
    sender.sendAll(
        changes.stream()
            .map(c -> record(usersTopic, c.userId(), CatalogueProto.encode(c)))
            .toList(),
        "profile changes",
        "the request");
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  @Override
  public String describe() {
    return "kafka:" + itemsTopic;
  }
}
