package io.overdrive.ranking.stages;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureVector;
import io.overdrive.features.MediaFeatures;
import io.overdrive.features.TextFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills what the caller did not send from the catalogue, loads every candidate's engagement stats
 * in one store round trip, derives each item's interests (hashtags, hashtags in the text, their
 * groupings) and writes the content and user-context slots of its feature vector.
 */
public final class CatalogueHydrator implements RankingStage {
  private final FeatureStore store;
  private final InterestTaxonomy taxonomy;

  public CatalogueHydrator(FeatureStore store, InterestTaxonomy taxonomy) {
    this.store = store;
    this.taxonomy = taxonomy;
  }

  @Override
  public String name() {
    return "CatalogueHydrator";
  }

  @Override
  public void apply(RankingContext ctx) {
    List<Candidate> cs = ctx.candidates();
    List<String> ids = new ArrayList<>(cs.size());
    for (Candidate c : cs) {
      ids.add(c.id());
    }
    Map<String, ItemRecord> records = store.items(ids);
    double personalization = ctx.personalization();
    double logInteractions =
        ctx.user() == null ? 0 : Math.log1p(ctx.user().meaningfulInteractions());
    for (Candidate c : cs) {
      ItemRecord r = records.get(c.id());
      if (r != null) {
        if (r.known()) {
          c.item(c.item().mergedWith(r.item()));
        }
        c.stats(r.stats());
      }
      Item item = c.item();
      // hashtags written in the text count as the item's; the full text features (tokens) are for
      // the trainer, not the hot path
      c.interests(
          ItemInterests.of(item.hashtags(), TextFeatures.hashtagsIn(item.text()), taxonomy));
      MediaFeatures media = MediaFeatures.of(item.mediaTypes());
      FeatureVector f = c.features();
      f.set(
          FeatureSlot.LOG_TEXT_LENGTH, Math.log1p(item.text() == null ? 0 : item.text().length()));
      f.set(FeatureSlot.INTEREST_COUNT, c.interests().size());
      f.set(FeatureSlot.HAS_IMAGE, media.image() ? 1 : 0);
      f.set(FeatureSlot.HAS_VIDEO, media.video() ? 1 : 0);
      f.set(FeatureSlot.MEDIA_COUNT, media.count());
      f.set(FeatureSlot.USER_PERSONALIZATION, personalization);
      f.set(FeatureSlot.LOG_USER_INTERACTIONS, logInteractions);
    }
  }

  /**
   * An item's interests as the ranker sees them (see {@link ItemInterests}); the trainer's item
   * tower reads the same list.
   */
  public static List<String> interestsOf(Item item, InterestTaxonomy taxonomy) {
    return ItemInterests.of(item, taxonomy).interests();
  }
}
