package io.overdrive.consumer;

import io.overdrive.events.ArchiveWriter;
import io.overdrive.store.FeatureStore;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code featureStore} health (part of readiness: a consumer that cannot write Redis should not
 * count as ready) and the archive's periodic sealing, so a quiet hour's part still reaches the
 * trainer.
 */
@Component("featureStoreHealthIndicator")
public class ConsumerHealth implements HealthIndicator {
  private final FeatureStore store;
  private final Optional<ArchiveWriter> archive;

  public ConsumerHealth(FeatureStore store, Optional<ArchiveWriter> archive) {
    this.store = store;
    this.archive = archive;
  }

  @Override
  public Health health() {
    return (store.ping() ? Health.up() : Health.down())
        .withDetail("store", store.describe())
        .withDetail("archive", archive.map(a -> a.dir().toString()).orElse("off"))
        .build();
  }

  @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT30S")
  void sealArchiveParts() {
    archive.ifPresent(ArchiveWriter::sealIfDue);
  }
}
