package io.overdrive.api.outcomes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the served-ranking log (docs/decisions/0204-served-ranking-log.md).
 *
 * @param rankingLog {@code false} turns the log off: answers still carry a ranking id, nothing is
 *     recorded and rankings are not counted per arm ({@code OVERDRIVE_RANKING_LOG})
 * @param rankingsTopic the topic served rankings are published to in distributed mode ({@code
 *     OVERDRIVE_RANKINGS_TOPIC})
 * @param rankingLogQueue standalone: rankings waiting for the background writer at most; beyond,
 *     they are dropped and counted, never waited for ({@code OVERDRIVE_RANKING_LOG_QUEUE})
 * @param archiveDir standalone: where served rankings and events are archived ({@code
 *     rankings-*.jsonl.gz}, {@code events-*.jsonl.gz}) for the offline report; empty = no archive
 *     (distributed: the consumer archives) ({@code OVERDRIVE_ARCHIVE_DIR})
 * @param archiveRollSeconds an archive part is finished at the latest this long after it was opened
 *     ({@code OVERDRIVE_ARCHIVE_ROLL_SECONDS})
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record RankingLogProperties(
    @DefaultValue("true") boolean rankingLog,
    @DefaultValue("overdrive.rankings") @NotBlank String rankingsTopic,
    @DefaultValue("10000") @Min(1) @Max(10_000_000) int rankingLogQueue,
    @DefaultValue("") String archiveDir,
    @DefaultValue("600") @Min(1) long archiveRollSeconds) {

  public boolean archiveEnabled() {
    return archiveDir != null && !archiveDir.isBlank();
  }

  public Path archivePath() {
    return Path.of(archiveDir);
  }
}
