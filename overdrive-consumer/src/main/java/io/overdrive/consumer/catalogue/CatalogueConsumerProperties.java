package io.overdrive.consumer.catalogue;

import io.overdrive.catalogue.FreshItemSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer's catalogue settings ({@code OVERDRIVE_*}): the topics it applies, and the bounds of
 * the fresh pool it writes (the API and serving replicas read it).
 *
 * @param itemsTopic items topic (log-compacted); its dead letters go to {@code <topic>.dlt}
 * @param usersTopic signup profiles topic (log-compacted); dead letters to {@code <topic>.dlt}
 * @param freshItemMaxAge items created longer ago do not enter the fresh pool
 * @param freshItemPool most items in the pool
 * @param topicPartitions partitions of the catalogue topics when the consumer creates them
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record CatalogueConsumerProperties(
    @DefaultValue("overdrive.items") @NotBlank String itemsTopic,
    @DefaultValue("overdrive.users") @NotBlank String usersTopic,
    @DefaultValue("48h") Duration freshItemMaxAge,
    @DefaultValue("10000") int freshItemPool,
    @DefaultValue("6") @Min(1) int topicPartitions) {

  public CatalogueConsumerProperties {
    fresh(freshItemMaxAge, freshItemPool);
  }

  /** The pool's bounds (the other fresh-item settings are the readers'). */
  public FreshItemSettings freshItems() {
    return fresh(freshItemMaxAge, freshItemPool);
  }

  private static FreshItemSettings fresh(Duration maxAge, int pool) {
    FreshItemSettings d = FreshItemSettings.defaults();
    return new FreshItemSettings(
        maxAge, pool, d.share(), d.maxImpressions(), d.candidates(), d.poll());
  }

  public String itemsDeadLetterTopic() {
    return itemsTopic + ".dlt";
  }

  public String usersDeadLetterTopic() {
    return usersTopic + ".dlt";
  }
}
