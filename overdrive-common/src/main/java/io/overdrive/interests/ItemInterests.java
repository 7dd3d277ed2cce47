package io.overdrive.interests;

import io.overdrive.domain.Item;
import io.overdrive.features.TextFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * What an item is about: the canonical interests of its hashtags and of the hashtags written in its
 * text, each followed by its groupings ({@code #PS5} -> {@code ps5, gaming}). The one definition
 * the ranker, diversity caps and insights share.
 */
public final class ItemInterests {
  private ItemInterests() {}

  public static List<String> of(Item item, InterestTaxonomy taxonomy) {
    return of(item.hashtags(), TextFeatures.hashtagsIn(item.text()), taxonomy);
  }

  /** Interests of explicit hashtags plus hashtags found in the text, de-duplicated in order. */
  public static List<String> of(
      List<String> hashtags, List<String> textHashtags, InterestTaxonomy taxonomy) {
    if (hashtags.isEmpty() && textHashtags.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(4);
    addAll(out, hashtags, taxonomy);
    addAll(out, textHashtags, taxonomy);
    return out;
  }

  private static void addAll(List<String> out, List<String> tags, InterestTaxonomy taxonomy) {
    for (int t = 0; t < tags.size(); t++) {
      List<String> expansion = taxonomy.expand(tags.get(t));
      for (int e = 0; e < expansion.size(); e++) {
        String interest = expansion.get(e);
        if (!out.contains(interest)) {
          out.add(interest);
        }
      }
    }
  }
}
