package io.overdrive.features;

import io.overdrive.interests.InterestTaxonomy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Features of a post's text: its length, the hashtags written in it, and its tokens hashed into a
 * fixed number of buckets (the hashing trick, so the vocabulary is open and the layout fixed).
 */
public record TextFeatures(int length, int words, List<String> hashtags, int[] tokenBuckets) {
  private static final Pattern HASHTAG = Pattern.compile("#([\\p{L}\\p{N}_]+)");
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

  /** The hashtags written in a text, normalised, in order of appearance. */
  public static List<String> hashtagsIn(String text) {
    if (text == null || text.indexOf('#') < 0) {
      return List.of();
    }
    Set<String> tags = new LinkedHashSet<>();
    Matcher m = HASHTAG.matcher(text);
    while (m.find()) {
      tags.add(InterestTaxonomy.normalize(m.group(1)));
    }
    return List.copyOf(tags);
  }

  public static TextFeatures of(String text, int buckets) {
    if (text == null || text.isBlank()) {
      return new TextFeatures(0, 0, List.of(), new int[0]);
    }
    List<Integer> ids = new ArrayList<>();
    Matcher t = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    int words = 0;
    while (t.find()) {
      words++;
      ids.add(bucket(t.group(), buckets));
    }
    return new TextFeatures(
        text.length(),
        words,
        hashtagsIn(text),
        ids.stream().mapToInt(Integer::intValue).distinct().toArray());
  }

  /** Hashed bucket of a token, stable across JVMs and languages (FNV-1a, 32 bit). */
  public static int bucket(String token, int buckets) {
    int h = 0x811c9dc5;
    for (int i = 0; i < token.length(); i++) {
      h ^= token.charAt(i);
      h *= 0x01000193;
    }
    return Math.floorMod(h, buckets);
  }
}
