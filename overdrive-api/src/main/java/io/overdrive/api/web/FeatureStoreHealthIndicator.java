package io.overdrive.api.web;

import io.overdrive.store.FeatureStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The feature store as a health contributor of {@code /health} and {@code /actuator/health}, for
 * monitoring. It is not part of the readiness probe: while Redis is unreachable every replica still
 * ranks (degraded, docs/decisions/0206), and one taken out of the load balancer would not.
 */
@Component("featureStore")
public class FeatureStoreHealthIndicator implements HealthIndicator {
  private final FeatureStore store;

  public FeatureStoreHealthIndicator(FeatureStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    boolean up;
    try {
      up = store.ping();
    } catch (RuntimeException e) {
      return Health.down(e).withDetail("store", store.describe()).build();
    }
    return (up ? Health.up() : Health.down()).withDetail("store", store.describe()).build();
  }
}
