package io.overdrive.consumer;

import io.overdrive.store.RedisStoreSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the consumer, from {@code OVERDRIVE_*} environment variables (relaxed binding: {@code
 * OVERDRIVE_CONSUMER_CONCURRENCY} -> {@code overdrive.consumer-concurrency}). Validated at
 * start-up: a missing broker or Redis address fails the boot with a message naming it.
 *
 * @param kafkaBrokers Kafka bootstrap servers (required)
 * @param redisUrl the feature store, {@code redis://host:6379} or comma-separated cluster nodes
 *     (required)
 * @param archiveDir training archive directory; empty = no archive (not recommended)
 * @param archiveRollSeconds an archive part becomes visible to the trainer at the latest this long
 *     after it was opened (and at the end of each hour)
 * @param consumerConcurrency listener threads (each owns some partitions; more threads than
 *     partitions idle)
 * @param consumerMaxPollRecords most records per batch
 * @param consumerGroup Kafka consumer group id
 * @param eventsTopic the interactions topic
 * @param deadLetterTopic where unreadable events go, with the reason in a header
 * @param rankingsTopic the served-ranking log the API and serving node publish (counted per
 *     experiment arm, archived as {@code rankings-*.jsonl.gz})
 * @param topicPartitions partitions of the topics when the consumer creates them (it never changes
 *     existing ones)
 * @param shutdownTimeoutSeconds how long shutdown waits for the batch in hand to finish; a batch
 *     not finished by then is not committed and goes to the next consumer
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record ConsumerProperties(
    @NotBlank(message = "set OVERDRIVE_KAFKA_BROKERS (e.g. kafka:9092)") String kafkaBrokers,
    @NotBlank(message = "set OVERDRIVE_REDIS_URL (e.g. redis://redis:6379)") String redisUrl,
    @DefaultValue("archive") String archiveDir,
    @DefaultValue("600") @Min(1) long archiveRollSeconds,
    @DefaultValue("1") @Min(1) @Max(64) int consumerConcurrency,
    @DefaultValue("2000") @Min(1) @Max(50000) int consumerMaxPollRecords,
    @DefaultValue("overdrive-consumer") @NotBlank String consumerGroup,
    @DefaultValue("overdrive.interactions") @NotBlank String eventsTopic,
    @DefaultValue("overdrive.interactions.dlt") @NotBlank String deadLetterTopic,
    @DefaultValue("overdrive.rankings") @NotBlank String rankingsTopic,
    @DefaultValue("6") @Min(1) int topicPartitions,
    @DefaultValue("30") @Min(1) long shutdownTimeoutSeconds,
    @DefaultValue("2592000") @Positive long featureTtlSeconds,
    @DefaultValue("86400") @Positive long dedupWindowSeconds,
    @DefaultValue("2000") @Min(10) @Max(60000) long redisTimeoutMs,
    @DefaultValue("256") @Min(1) @Max(2000) int redisEventsPerScript,
    @DefaultValue("30") @Min(0) long redisConnectPatienceSeconds,
    String taxonomyFile) {

  public RedisStoreSettings redisSettings() {
    return new RedisStoreSettings(
        redisUrl,
        Duration.ofSeconds(featureTtlSeconds),
        Duration.ofSeconds(dedupWindowSeconds),
        Duration.ofMillis(redisTimeoutMs),
        redisEventsPerScript);
  }

  public Path archivePath() {
    return Path.of(archiveDir);
  }
}
