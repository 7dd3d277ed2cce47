package io.overdrive.api.catalogue;

import io.overdrive.catalogue.FreshItemSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the item catalogue and its fresh items ({@code OVERDRIVE_*} variables). A bad value
 * fails the start-up naming it.
 *
 * @param itemsTopic the items topic ({@code OVERDRIVE_ITEMS_TOPIC}), in distributed mode
 * @param usersTopic the signup profiles topic ({@code OVERDRIVE_USERS_TOPIC})
 * @param archiveDir standalone only: keep a training archive here (events, items, users), as the
 *     consumer does in distributed mode; absent = no archive
 * @param archiveRollSeconds an archive part is finished (readable) at the latest this long after it
 *     was opened
 * @param freshItemMaxAge items created longer ago are not fresh
 * @param freshItemPool most fresh items kept (and written to the pool, standalone)
 * @param freshItemShare share of a feed reserved for unproven fresh items
 * @param freshItemMaxImpressions impressions after which a fresh item is no longer unproven
 * @param freshCandidates fresh items added to a request without candidates
 * @param freshItemPoll how often the fresh pool is read for items to embed
 */
@Validated
@ConfigurationProperties(prefix = "overdrive")
public record CatalogueProperties(
    @DefaultValue("overdrive.items") @NotBlank String itemsTopic,
    @DefaultValue("overdrive.users") @NotBlank String usersTopic,
    String archiveDir,
    @DefaultValue("600") @Min(1) long archiveRollSeconds,
    @DefaultValue("48h") Duration freshItemMaxAge,
    @DefaultValue("10000") int freshItemPool,
    @DefaultValue("0.1") double freshItemShare,
    @DefaultValue("50") long freshItemMaxImpressions,
    @DefaultValue("50") int freshCandidates,
    @DefaultValue("250ms") Duration freshItemPoll) {

  public CatalogueProperties {
    // validates: a bad value fails the start naming it
    new FreshItemSettings(
        freshItemMaxAge,
        freshItemPool,
        freshItemShare,
        freshItemMaxImpressions,
        freshCandidates,
        freshItemPoll);
  }

  public FreshItemSettings freshItems() {
    return new FreshItemSettings(
        freshItemMaxAge,
        freshItemPool,
        freshItemShare,
        freshItemMaxImpressions,
        freshCandidates,
        freshItemPoll);
  }

  public boolean archiveEnabled() {
    return archiveDir != null && !archiveDir.isBlank();
  }

  public Path archivePath() {
    return Path.of(archiveDir);
  }
}
