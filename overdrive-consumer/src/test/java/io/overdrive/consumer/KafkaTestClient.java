package io.overdrive.consumer;

import io.overdrive.domain.Interaction;
import io.overdrive.events.EventProto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients against the test broker: publish events as the API does, inspect topics. */
final class KafkaTestClient implements AutoCloseable {
  private final String brokers;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;

  KafkaTestClient(String brokers) {
    this.brokers = brokers;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: on a loaded machine a partition created a moment ago can answer the first
    // batches NOT_LEADER after the controller already named its leader, and the idempotent
    // producer's retry of an early batch then fails OUT_OF_ORDER_SEQUENCE until its 120 s delivery
    // timeout. One request in flight keeps retries in order; a duplicate a retry may write is
    // what the consumer's event-id dedup exists for, and the tests count distinct events.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
  }

  /** Creates the topic (the test broker does not create topics on first use). */
  void createTopic(String topic, int partitions) {
    try {
      admin
          .createTopics(
              List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
          .all()
          .get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot create " + topic, e);
    }
  }

  /** Publishes the events keyed by user id, protobuf-encoded, and waits for the acks. */
  void publish(String topic, List<Interaction> events) {
    List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
    for (Interaction e : events) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topic,
                  e.userId().getBytes(StandardCharsets.UTF_8),
                  EventProto.encode(e, Instant.now()))));
    }
    acks.forEach(KafkaTestClient::await);
  }

  void publishRaw(String topic, String key, byte[] value) {
    await(producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
  }

  /** Offsets the group committed, summed over the topic's partitions. */
  long committed(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** End offsets of the topic, summed over its partitions. */
  long end(String topic) {
    try {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> request =
          partitions.stream()
              .collect(
                  Collectors.toMap(
                      p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(r -> r.offset())
          .sum();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every record on the topic so far. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expectAtLeast, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (out.size() < expectAtLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static void await(java.util.concurrent.Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
