package io.overdrive.api.outcomes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the served-ranking log (docs/decisions/0204-served-ranking-log.md). Standalone,
 * served rankings are archived ({@code rankings-*.jsonl.gz}) beside the events and the catalogue
 * when {@code OVERDRIVE_ARCHIVE_DIR} is set ({@code CatalogueProperties}); distributed, the
 * consumer archives them.
 *
 * @param rankingLog {@code false} turns the log off: answers still carry a ranking id, nothing is
 *     recorded and rankings are not counted per arm ({@code OVERDRIVE_RANKING_LOG})
 * @param rankingsTopic the topic served rankings are published to in distributed mode ({@code
 *     OVERDRIVE_RANKINGS_TOPIC})
 * @param rankingLogQueue standalone: rankings waiting for the background writer at most; beyond,
 *     they are dropped and counted, never waited for ({@code OVERDRIVE_RANKING_LOG_QUEUE})
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record RankingLogProperties(
    @DefaultValue("true") boolean rankingLog,
    @DefaultValue("overdrive.rankings") @NotBlank String rankingsTopic,
    @DefaultValue("10000") @Min(1) @Max(10_000_000) int rankingLogQueue) {}
