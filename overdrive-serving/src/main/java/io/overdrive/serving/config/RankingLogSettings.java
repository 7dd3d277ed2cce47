package io.overdrive.serving.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The serving node's served-ranking log (docs/decisions/0204-served-ranking-log.md), as the API's.
 *
 * @param rankingLog {@code false}: nothing recorded ({@code OVERDRIVE_RANKING_LOG})
 * @param kafkaBrokers where rankings are published ({@code OVERDRIVE_KAFKA_BROKERS}); absent = they
 *     are counted by a background writer into the node's feature store
 * @param rankingsTopic {@code OVERDRIVE_RANKINGS_TOPIC}
 * @param rankingLogQueue rankings waiting for the background writer at most ({@code
 *     OVERDRIVE_RANKING_LOG_QUEUE})
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record RankingLogSettings(
    @DefaultValue("true") boolean rankingLog,
    String kafkaBrokers,
    @DefaultValue("overdrive.rankings") @NotBlank String rankingsTopic,
    @DefaultValue("10000") @Min(1) @Max(10_000_000) int rankingLogQueue) {}
