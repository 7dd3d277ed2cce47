package io.overdrive.ranking.stages;

import io.overdrive.domain.Item;
import io.overdrive.features.TextFeatures;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.RankingContext;
import io.overdrive.ranking.RankingStage;
import io.overdrive.store.FeatureStore;
import io.overdrive.store.ItemRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills what the caller did not send from the catalogue, loads every candidate's engagement stats
 * in one store round trip, and derives each item's interests from its hashtags and the hashtags
 * written in its text.
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
    Map<String, ItemRecord> records = store.items(cs.stream().map(Candidate::id).toList());
    for (Candidate c : cs) {
      ItemRecord r = records.get(c.id());
      if (r != null) {
        c.item(c.item().mergedWith(r.item()));
        c.stats(r.stats());
      }
      c.interests(interestsOf(c.item(), taxonomy));
    }
  }

  /**
   * An item's interests: the canonical interests of its hashtags and of the hashtags in its text,
   * with their taxonomy groupings (an item on #ps5 is also on gaming).
   */
  public static List<String> interestsOf(Item item, InterestTaxonomy taxonomy) {
    List<String> tags = new ArrayList<>(item.hashtags());
    tags.addAll(TextFeatures.hashtagsIn(item.text()));
    Set<String> interests = new LinkedHashSet<>(taxonomy.canonicalAll(tags));
    for (String i : List.copyOf(interests)) {
      interests.addAll(taxonomy.parents(i));
    }
    return List.copyOf(interests);
  }
}
