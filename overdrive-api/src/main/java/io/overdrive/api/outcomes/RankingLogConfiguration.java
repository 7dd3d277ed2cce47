package io.overdrive.api.outcomes;

import io.micrometer.core.instrument.MeterRegistry;
import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.experiments.Experiment;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.outcomes.Arm;
import io.overdrive.outcomes.OutcomeMetrics;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.outcomes.RankingLogs;
import io.overdrive.store.FeatureStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the API records the rankings it serves: published to {@code overdrive.rankings} when Kafka
 * is configured (the consumer counts and archives them), else counted in-process by a background
 * writer into the feature store (and archived under {@code OVERDRIVE_ARCHIVE_DIR} when set). Either
 * way the request thread only hands the record over (docs/decisions/0204).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RankingLogProperties.class)
public class RankingLogConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RankingLogConfiguration.class);
  private static final long MAX_PART_BYTES = 256L << 20;

  /** The outcome counters as Prometheus counters; the running experiment's arms named up front. */
  @Bean
  OutcomeMetrics outcomeMetrics(MeterRegistry registry, ExperimentAssigner experiments) {
    OutcomeMetrics metrics = new OutcomeMetrics(registry);
    Experiment e = experiments.experiment();
    for (Experiment.Variant v : e.variants()) {
      metrics.learn(new Arm(e.name(), v.name()));
    }
    metrics.learn(new Arm(e.name(), Arm.OVERDRIVE_OFF));
    return metrics;
  }

  /**
   * Standalone's archive of served rankings (events have their own writer: {@link #eventArchive}).
   */
  @Bean
  RankingArchiveHolder archives(RankingLogProperties props, OverdriveProperties core, Clock clock) {
    if (!props.archiveEnabled() || core.kafkaEnabled()) {
      return new RankingArchiveHolder(null, null);
    }
    Duration roll = Duration.ofSeconds(props.archiveRollSeconds());
    log.info("Archive (standalone): {}", props.archivePath().toAbsolutePath());
    return new RankingArchiveHolder(
        new ArchiveWriter(props.archivePath(), "rankings", roll, MAX_PART_BYTES, clock),
        new ArchiveWriter(props.archivePath(), "events", roll, MAX_PART_BYTES, clock));
  }

  @Bean
  RankingLog rankingLog(
      RankingLogProperties props,
      OverdriveProperties core,
      FeatureStore store,
      OutcomeMetrics metrics,
      MeterRegistry registry,
      RankingArchiveHolder archives) {
    RankingLog rankingLog =
        RankingLogs.open(
            props.rankingLog(),
            core.kafkaBrokers(),
            props.rankingsTopic(),
            store,
            archives.rankings(),
            metrics,
            registry,
            props.rankingLogQueue());
    log.info("Served-ranking log: {}", rankingLog.describe());
    return rankingLog;
  }

  /**
   * The standalone archive writers, or nulls: rankings' is closed by the in-process ranking log,
   * events' with the context.
   */
  public static final class RankingArchiveHolder implements AutoCloseable {
    private final ArchiveWriter rankings;
    private final ArchiveWriter events;
    private final ScheduledExecutorService sealer;

    RankingArchiveHolder(ArchiveWriter rankings, ArchiveWriter events) {
      this.rankings = rankings;
      this.events = events;
      if (events == null) {
        sealer = null;
        return;
      }
      // a quiet archive's open part still becomes readable after the roll interval
      sealer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "archive-sealer");
                t.setDaemon(true);
                return t;
              });
      sealer.scheduleWithFixedDelay(events::sealIfDue, 10, 10, TimeUnit.SECONDS);
    }

    public ArchiveWriter rankings() {
      return rankings;
    }

    public ArchiveWriter events() {
      return events;
    }

    @Override
    public void close() {
      if (sealer != null) {
        sealer.shutdownNow();
        events.close();
      }
    }
  }
}
