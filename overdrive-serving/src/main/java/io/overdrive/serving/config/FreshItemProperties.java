package io.overdrive.serving.config;

import io.overdrive.catalogue.FreshItemSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The serving node's fresh-item settings, the same {@code OVERDRIVE_FRESH_*} variables as the API's
 * (docs/serving.md): how the node's ForYou treats fresh items and how often it reads the fresh pool
 * for items to index. Validated by {@link FreshItemSettings}: a bad value fails the start naming
 * it.
 */
@ConfigurationProperties(prefix = "overdrive")
public record FreshItemProperties(
    @DefaultValue("48h") Duration freshItemMaxAge,
    @DefaultValue("10000") int freshItemPool,
    @DefaultValue("0.1") double freshItemShare,
    @DefaultValue("50") long freshItemMaxImpressions,
    @DefaultValue("50") int freshCandidates,
    @DefaultValue("250ms") Duration freshItemPoll) {

  public FreshItemProperties {
    // validates: a bad value fails the start naming it
    new FreshItemSettings(
        freshItemMaxAge,
        freshItemPool,
        freshItemShare,
        freshItemMaxImpressions,
        freshCandidates,
        freshItemPoll);
  }

  public FreshItemSettings settings() {
    return new FreshItemSettings(
        freshItemMaxAge,
        freshItemPool,
        freshItemShare,
        freshItemMaxImpressions,
        freshCandidates,
        freshItemPoll);
  }
}
