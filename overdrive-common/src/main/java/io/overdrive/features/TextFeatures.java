package io.overdrive.features;

import io.overdrive.interests.InterestTaxonomy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Features of a post's text: its length, the hashtags written in it, and its tokens hashed into a
 * fixed number of buckets (the hashing trick, so the vocabulary is open and the layout fixed).
 *
 * <p>A token is a run of letters and digits of the lower-cased text; a hashtag is '#' followed by
 * letters, digits or '_', normalised as {@link InterestTaxonomy#normalize} does. The scanners are
 * hand-written rather than regular expressions: the ranker runs them for every candidate.
 *
 * @param length characters of the text
 * @param words tokens in the text (with repeats)
 * @param hashtags distinct normalised hashtags written in the text, in order of appearance
 * @param tokenBuckets distinct hashed token buckets, in order of first appearance; empty when
 *     hashing was not asked for
 */
public record TextFeatures(int length, int words, List<String> hashtags, int[] tokenBuckets) {
  /** Bucket count of the hashed-token layout shared by the trainer and the scorers. */
  public static final int DEFAULT_BUCKETS = 1 << 16;

  private static final TextFeatures EMPTY = new TextFeatures(0, 0, List.of(), new int[0]);

  /** The hashtags written in a text, normalised, de-duplicated, in order of appearance. */
  public static List<String> hashtagsIn(String text) {
    if (text == null || text.indexOf('#') < 0) {
      return List.of();
    }
    Set<String> tags = new LinkedHashSet<>();
    int n = text.length();
    int i = text.indexOf('#');
    while (i >= 0 && i < n) {
      int start = i + 1;
      int end = start;
      while (end < n) {
        int cp = text.codePointAt(end);
        if (cp == '_' || InterestTaxonomy.isLetterOrNumber(cp)) {
          end += Character.charCount(cp);
        } else {
          break;
        }
      }
      if (end > start) {
        String tag = InterestTaxonomy.normalize(text.substring(start, end));
        if (!tag.isEmpty()) {
          tags.add(tag);
        }
      }
      i = text.indexOf('#', Math.max(end, start));
    }
    return List.copyOf(tags);
  }

  /** Length, word count and hashtags, without hashing the tokens (the ranking hot path). */
  public static TextFeatures of(String text) {
    return of(text, 0);
  }

  /**
   * All text features; {@code buckets <= 0} skips token hashing.
   *
   * @param buckets number of hash buckets for the tokens ({@link #DEFAULT_BUCKETS} by default)
   */
  public static TextFeatures of(String text, int buckets) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    List<String> tokens = tokens(text);
    int[] tokenBuckets =
        buckets <= 0
            ? new int[0]
            : tokens.stream().mapToInt(t -> bucket(t, buckets)).distinct().toArray();
    return new TextFeatures(text.length(), tokens.size(), hashtagsIn(text), tokenBuckets);
  }

  /** The lower-cased tokens of a text, in order, with repeats. */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int n = lower.length();
    int i = 0;
    while (i < n) {
      int cp = lower.codePointAt(i);
      if (!InterestTaxonomy.isLetterOrNumber(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < n && InterestTaxonomy.isLetterOrNumber(lower.codePointAt(i))) {
        i += Character.charCount(lower.codePointAt(i));
      }
      out.add(lower.substring(start, i));
    }
    return out;
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
