package io.overdrive.ranking.hydrator;

import io.overdrive.domain.Item;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.MediaFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.interests.ItemInterests;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.HydrationWriter;
import io.overdrive.ranking.RankingQuery;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fills what the caller did not send from the catalogue, loads every candidate's engagement stats
 * in one store round trip, marks the ones the catalogue has taken down, derives each item's
 * interests (hashtags, hashtags in the text, their groupings) and writes the content and
 * user-context slots of its feature vector.
 */
public final class CatalogueHydrator implements CandidateHydrator {
  private static final Set<FeatureSlot> WRITES =
      Set.of(
          FeatureSlot.LOG_TEXT_LENGTH,
          FeatureSlot.INTEREST_COUNT,
          FeatureSlot.HAS_IMAGE,
          FeatureSlot.HAS_VIDEO,
          FeatureSlot.MEDIA_COUNT,
          FeatureSlot.USER_PERSONALIZATION,
          FeatureSlot.LOG_USER_INTERACTIONS);

  private final FeatureStore store;
  private final ContentFeatures content;

  public CatalogueHydrator(FeatureStore store, InterestTaxonomy taxonomy) {
    this.store = store;
    this.content = new ContentFeatures(taxonomy);
  }

  @Override
  public String name() {
    return "CatalogueHydrator";
  }

  @Override
  public Set<FeatureSlot> writes() {
    return WRITES;
  }

  @Override
  public void hydrate(RankingQuery query, List<Candidate> cs, HydrationWriter out) {
    List<String> ids = new ArrayList<>(cs.size());
    for (Candidate c : cs) {
      ids.add(c.id());
    }
    List<ItemRecord> records = store.itemsInOrder(ids);
    double personalization = query.personalization();
    double logInteractions =
        query.user() == null ? 0 : Math.log1p(query.user().meaningfulInteractions());
    for (int i = 0; i < cs.size(); i++) {
      Candidate c = cs.get(i);
      ItemRecord r = records.get(i);
      if (r != null) {
        if (r.known()) {
          out.item(c, c.item().mergedWith(r.item()));
        }
        if (r.takenDown()) {
          out.takenDown(c, r.takenDownAt());
        }
        out.stats(c, r.stats());
      }
      Item item = c.item();
      // hashtags written in the text count as the item's; the full text features (tokens) are for
      // the trainer, not the hot path. Derived once per distinct content (ContentFeatures).
      ContentFeatures.Derived derived = content.of(item);
      out.interests(c, derived.interests());
      MediaFeatures media = derived.media();
      out.set(c, FeatureSlot.LOG_TEXT_LENGTH, derived.logTextLength());
      out.set(c, FeatureSlot.INTEREST_COUNT, c.interests().size());
      out.set(c, FeatureSlot.HAS_IMAGE, media.image() ? 1 : 0);
      out.set(c, FeatureSlot.HAS_VIDEO, media.video() ? 1 : 0);
      out.set(c, FeatureSlot.MEDIA_COUNT, media.count());
      out.set(c, FeatureSlot.USER_PERSONALIZATION, personalization);
      out.set(c, FeatureSlot.LOG_USER_INTERACTIONS, logInteractions);
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
