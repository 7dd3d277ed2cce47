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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the API records the rankings it serves: published to {@code overdrive.rankings} when Kafka
 * is configured (the consumer counts and archives them), else counted in-process by a background
 * writer into the feature store (and archived under {@code OVERDRIVE_ARCHIVE_DIR} when set, in the
 * API's one archive writer, beside the events and the catalogue). Either way the request thread
 * only hands the record over (docs/decisions/0204).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RankingLogProperties.class)
public class RankingLogConfiguration {
  private static final Logger log = LoggerFactory.getLogger(RankingLogConfiguration.class);

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

  @Bean
  RankingLog rankingLog(
      RankingLogProperties props,
      OverdriveProperties core,
      FeatureStore store,
      OutcomeMetrics metrics,
      MeterRegistry registry,
      ObjectProvider<ArchiveWriter> archive) {
    RankingLog rankingLog =
        RankingLogs.open(
            props.rankingLog(),
            core.kafkaBrokers(),
            props.rankingsTopic(),
            store,
            archive.getIfAvailable(),
            metrics,
            registry,
            props.rankingLogQueue());
    log.info("Served-ranking log: {}", rankingLog.describe());
    return rankingLog;
  }
}
