package io.overdrive.synthetic;

import java.util.Map;
import java.util.SplittableRandom;

/** The synthetic world's vocabulary: top-level topics, their hashtag spellings and bio words. */
final class Topics {
  /** Top-level topics, in the taxonomy's vocabulary; hashtags use their synonyms too. */
  static final String[] ALL = {
    "gaming", "fitness", "food", "travel", "photography", "art", "music", "tech", "fashion",
    "sports", "movies", "books", "comedy", "pets", "science", "finance", "diy", "education",
    "cars", "anime", "dance", "nature", "beauty", "parenting"
  };

  private static final Map<String, String[]> TAG_VARIANTS =
      Map.of(
          "gaming", new String[] {"gaming", "Gaming", "#videogames", "ps5"},
          "fitness", new String[] {"fitness", "gym", "Workout"},
          "food", new String[] {"food", "foodie", "recipes"},
          "tech", new String[] {"tech", "technology", "programming"},
          "movies", new String[] {"movies", "film", "cinema"},
          "pets", new String[] {"pets", "dogs", "cats"});

  private static final Map<String, String> BIO_WORDS =
      Map.of(
          "gaming", "gamer",
          "fitness", "runner",
          "food", "foodie",
          "music", "musician",
          "art", "artist",
          "tech", "developer",
          "books", "bookworm",
          "photography", "photographer");

  private Topics() {}

  /** A hashtag for the topic, one of its spellings where it has several. */
  static String tagFor(String topic, SplittableRandom rnd) {
    String[] variants = TAG_VARIANTS.get(topic);
    return variants == null ? topic : variants[rnd.nextInt(variants.length)];
  }

  /** The word a fan of the topic puts in their bio, or null. */
  static String bioWord(String topic) {
    return BIO_WORDS.get(topic);
  }
}
