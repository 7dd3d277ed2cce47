package io.overdrive.consumer.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.catalogue.CatalogueLog;
import io.overdrive.catalogue.CatalogueProto;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.catalogue.UserChange;
import io.overdrive.consumer.DeadLetterPublisher;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.proto.v1.CatalogueItem;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.ForYouRanker;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.source.FreshCandidates;
import io.overdrive.store.FeatureStore;
import io.overdrive.testing.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The catalogue's distributed path against a real broker (embedded KRaft) and a real {@code
 * redis-server}: an item published as the API publishes it reaches the item's Redis record, the
 * fresh pool and the archive, and from there a For You answer without candidates; its takedown
 * leaves every one of them; an unreadable record is dead-lettered with its reason while the rest of
 * its batch applies.
 */
@SpringBootTest(
    properties = {"overdrive.consumer-group=catalogue-test", "overdrive.topic-partitions=2"})
@EmbeddedKafka(
    partitions = 2,
    topics = {"overdrive.interactions", "overdrive.interactions.dlt"},
    bootstrapServersProperty = "overdrive.kafka-brokers")
class CatalogueLoopTest {
  static final String ITEMS = "overdrive.items";
  static final String ITEMS_DLT = "overdrive.items.dlt";
  static final String USERS = "overdrive.users";
  static final RedisServer REDIS = RedisServer.shared();
  static final Path ARCHIVE = tempDir();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("overdrive.redis-url", REDIS::url);
    registry.add("overdrive.archive-dir", ARCHIVE::toString);
  }

  @Autowired FeatureStore store;
  @Autowired CatalogueLog catalogueLog;
  @Autowired ArchiveWriter archive;
  @Autowired MeterRegistry meters;

  @org.springframework.beans.factory.annotation.Value("${overdrive.kafka-brokers}")
  String brokers;

  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void noProducerYet() {
    producer = null;
  }

  @AfterAll
  static void closeProducer() {
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void anItemThroughKafkaReachesRedisTheArchiveAndAForYouAnswerAndItsTakedownLeavesThemAll() {
    FreshItemFeed feed =
        new FreshItemFeed(
            catalogueLog,
            store,
            InterestTaxonomy.loadDefault(),
            FreshItemSettings.defaults(),
            Clock.systemUTC());
    ForYouRanker ranker =
        new ForYouRanker(
            ForYouPipelines.standard(
                store,
                InterestTaxonomy.loadDefault(),
                LearningSettings.defaults(),
                meters,
                List.of(new FreshCandidates(feed, 50)),
                List.of(),
                FreshItemSettings.defaults()),
            ExperimentAssigner.none(RankingSettings.defaults()),
            Clock.systemUTC());
    store.putProfile(new UserProfile("cat-u", List.of("travel"), "", List.of(), null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Item travel = item("cat-travel", "travel", now);
    Item cooking = item("cat-cooking", "cooking", now);
    publish(ItemChange.upsert(travel, now), ItemChange.upsert(cooking, now));
    publishUser(
        UserChange.profile(new UserProfile("cat-u", List.of("travel"), "", List.of(), now)));

    RankRequest forYou = new RankRequest("cat-u", List.of(), 10);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              feed.poll();
              assertThat(ids(ranker.rank(forYou).items())).contains("cat-travel");
            });
    assertThat(store.items(List.of("cat-travel")).get("cat-travel").item().hashtags())
        .containsExactly("travel");
    List<String> served = ids(ranker.rank(forYou).items());
    assertThat(served.indexOf("cat-travel"))
        .as("the item on the user's interest comes before the one off it")
        .isLessThan(served.contains("cat-cooking") ? served.indexOf("cat-cooking") : 99);

    publish(ItemChange.takedown("cat-travel", now.plusSeconds(1)));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(store.items(List.of("cat-travel")).get("cat-travel").takenDown())
                    .isTrue());
    feed.poll();
    assertThat(feed.items()).extracting(f -> f.id()).doesNotContain("cat-travel");
    assertThat(ids(ranker.rank(forYou).items())).doesNotContain("cat-travel");
    // named as a candidate by the caller, it is still not served
    assertThat(ids(ranker.rank(new RankRequest("cat-u", List.of(travel, cooking), 10)).items()))
        .containsExactly("cat-cooking");

    archive.roll();
    CatalogueArchive.Items archived =
        CatalogueArchive.items(ARCHIVE, CatalogueArchive.BadLines.SKIP);
    assertThat(archived.items()).containsKey("cat-cooking").doesNotContainKey("cat-travel");
    assertThat(archived.takenDown()).contains("cat-travel");
    assertThat(archived.items().get("cat-cooking")).isEqualTo(cooking);
    assertThat(CatalogueArchive.users(ARCHIVE, CatalogueArchive.BadLines.SKIP).profiles())
        .containsKey("cat-u");
  }

  @Test
  void unreadableItemsAreDeadLetteredWithAReasonAndTheRestOfTheBatchApplies() {
    Instant now = Instant.now();
    producer().send(record("bad-garbage", "{not protobuf".getBytes(StandardCharsets.UTF_8)));
    producer()
        .send(
            record(
                "bad-noid",
                CatalogueItem.newBuilder()
                    .setContent("an item without its id")
                    .addHashtags("travel")
                    .build()
                    .toByteArray()));
    producer()
        .send(
            record(
                "bad-rate",
                CatalogueItem.newBuilder()
                    .setId("bad-rate")
                    .setEngagementRate(7)
                    .build()
                    .toByteArray()));
    publish(ItemChange.upsert(item("good-after", "gaming", now), now));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(store.items(List.of("good-after")).get("good-after").known()).isTrue());
    Map<String, String> reasons =
        readAll(ITEMS_DLT, 3).stream()
            .collect(
                Collectors.toMap(
                    r -> new String(r.key(), StandardCharsets.UTF_8),
                    CatalogueLoopTest::reason,
                    (a, b) -> a));
    assertThat(reasons).containsOnlyKeys("bad-garbage", "bad-noid", "bad-rate");
    assertThat(reasons.get("bad-garbage")).startsWith("$: not a protobuf CatalogueItem");
    assertThat(reasons.get("bad-noid")).startsWith("id: ");
    assertThat(reasons.get("bad-rate")).startsWith("engagement_rate: ");
    assertThat(store.items(List.of("bad-rate")).get("bad-rate").known()).isFalse();
    assertThat(
            meters
                .get("overdrive.consumer.catalogue")
                .tag("outcome", "dead_lettered")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(3);
  }

  private void publish(ItemChange... changes) {
    for (ItemChange c : changes) {
      acked(producer().send(record(c.itemId(), CatalogueProto.encode(c))));
    }
  }

  private void publishUser(UserChange c) {
    acked(
        producer()
            .send(
                new ProducerRecord<>(
                    USERS, c.userId().getBytes(StandardCharsets.UTF_8), CatalogueProto.encode(c))));
  }

  private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
    return new ProducerRecord<>(ITEMS, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      // not idempotent, one request in flight: see KafkaTestClient (DEVELOPERS.md)
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      producer = new KafkaProducer<>(p);
    }
    return producer;
  }

  private static void acked(java.util.concurrent.Future<?> ack) {
    try {
      ack.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publish failed", e);
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of(topic));
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < atLeast && System.nanoTime() < until) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  private static String reason(ConsumerRecord<byte[], byte[]> r) {
    var h = r.headers().lastHeader(DeadLetterPublisher.REASON);
    return h == null ? "(none)" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Item item(String id, String tag, Instant at) {
    return new Item(
        id, "a-" + id, "a post about " + tag, List.of(tag), List.of("video"), at, null, null);
  }

  private static List<String> ids(List<RankedItem> items) {
    return items.stream().map(RankedItem::id).toList();
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("catalogue-archive");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
