package io.overdrive.interests;

import io.overdrive.domain.Item;
import io.overdrive.features.TextFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * What an item is about: the canonical interests of its hashtags and of the hashtags written in its
 * text, each followed by its groupings ({@code #PS5} -> {@code ps5, gaming}), and how much of the
 * item each is. An interest's weight is the share of the item's hashtag mentions that name it or
 * something under it: a post tagged {@code [recipes, art]} whose text says {@code #food} is 2/3
 * food and 1/3 art; one tagged {@code [ps5, gaming]} is 1/2 ps5 and wholly gaming. The one
 * definition the ranker, the diversity caps and insights share.
 *
 * @param interests distinct interests, in order of first mention, groupings after their child
 * @param weights weight of each interest in (0, 1], parallel to {@code interests}
 */
public record ItemInterests(List<String> interests, double[] weights) {
  public static final ItemInterests NONE = new ItemInterests(List.of(), new double[0]);

  /** Weights at least this share of the item's strongest count as its main interests. */
  public static final double MAIN_SHARE = 0.5;

  public static ItemInterests of(Item item, InterestTaxonomy taxonomy) {
    return of(item.hashtags(), TextFeatures.hashtagsIn(item.text()), taxonomy);
  }

  /** Interests of explicit hashtags plus hashtags found in the text. */
  public static ItemInterests of(
      List<String> hashtags, List<String> textHashtags, InterestTaxonomy taxonomy) {
    if (hashtags.isEmpty() && textHashtags.isEmpty()) {
      return NONE;
    }
    List<String> names = new ArrayList<>(4);
    double[] counts = new double[8];
    int mentions = 0;
    for (List<String> tags : List.of(hashtags, textHashtags)) {
      for (int t = 0; t < tags.size(); t++) {
        List<String> expansion = taxonomy.expand(tags.get(t));
        if (expansion.isEmpty()) {
          continue;
        }
        mentions++;
        for (int e = 0; e < expansion.size(); e++) {
          String interest = expansion.get(e);
          int at = names.indexOf(interest);
          if (at < 0) {
            at = names.size();
            names.add(interest);
            if (at == counts.length) {
              counts = java.util.Arrays.copyOf(counts, counts.length * 2);
            }
          }
          counts[at] += 1;
        }
      }
    }
    double[] weights = new double[names.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = counts[i] / mentions;
    }
    return new ItemInterests(List.copyOf(names), weights);
  }

  /** The weight of an interest (0 when the item is not about it). */
  public double weight(String interest) {
    int at = interests.indexOf(interest);
    return at < 0 ? 0 : weights[at];
  }

  /** The interest with the highest weight (the first on ties), or null. */
  public String strongest() {
    int best = -1;
    for (int i = 0; i < weights.length; i++) {
      if (best < 0 || weights[i] > weights[best]) {
        best = i;
      }
    }
    return best < 0 ? null : interests.get(best);
  }

  /** True when the interest at {@code i} is a main interest of the item. */
  public boolean isMain(int i) {
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    return weights[i] >= MAIN_SHARE * max - 1e-12;
  }
}
