package io.overdrive.api.web;

import io.overdrive.store.FeatureStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The feature store as a health contributor: part of the readiness probe, so a replica that cannot
 * reach Redis is taken out of the load balancer rather than answering 503s.
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
