package io.overdrive.synthetic;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.synthetic.SyntheticWorld.Config;
import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the catalogue and the users of a world from one random stream, items first: authors who
 * post on their topics in series, items with quality and popularity, users with hidden true
 * interests and what they declare at signup.
 */
final class WorldGenerator {
  /** Share of users who skip the interest picker at signup. */
  static final double NO_SIGNUP_RATE = 0.1;

  private final Config config;
  private final List<String> topics;
  private final SplittableRandom rnd;

  WorldGenerator(Config config, List<String> topics, SplittableRandom rnd) {
    this.config = config;
    this.topics = topics;
    this.rnd = rnd;
  }

  List<SyntheticItem> items() {
    List<SyntheticItem> items = new ArrayList<>(config.items());
    String[] authorTopic = new String[config.authors()];
    double[] authorQuality = new double[config.authors()];
    for (int a = 0; a < config.authors(); a++) {
      authorTopic[a] = topics.get(rnd.nextInt(topics.size()));
      authorQuality[a] = clamp(0.35 + 0.5 * rnd.nextDouble(), 0, 1);
    }
    int series = 0;
    int index = 0;
    int author = rnd.nextInt(config.authors());
    for (int i = 0; i < config.items(); i++) {
      if (index == config.seriesLength()) {
        series++;
        index = 0;
        author = rnd.nextInt(config.authors());
      }
      String topic = rnd.nextDouble() < 0.85 ? authorTopic[author] : pick(topics);
      List<String> tags = new ArrayList<>(2);
      tags.add(Topics.tagFor(topic, rnd));
      if (rnd.nextDouble() < 0.3) {
        tags.add(pick(topics));
      }
      double quality = clamp(authorQuality[author] + rnd.nextGaussian() * 0.15, 0.05, 1);
      if (rnd.nextDouble() < 0.05) {
        quality = 0.1 * rnd.nextDouble(); // spam and low-effort posts
      }
      double popularity = Math.exp(rnd.nextGaussian() * 1.0) * (0.3 + quality);
      double engagementRate = clamp(0.02 * popularity * (0.5 + rnd.nextDouble()), 0, 0.5);
      List<String> media =
          switch (rnd.nextInt(3)) {
            case 0 -> List.of("image");
            case 1 -> List.of("video");
            default -> List.of();
          };
      Instant created = config.start().minus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 7)));
      Item item =
          new Item(
              "i" + i,
              "a" + author,
              "Post " + i + " about " + topic + " part " + (index + 1) + " #" + topic,
              tags,
              media,
              created,
              SyntheticWorld.round(engagementRate),
              SyntheticWorld.round(quality));
      items.add(new SyntheticItem(item, topic, popularity, series, index));
      index++;
    }
    return items;
  }

  /**
   * @param itemsByTopic the catalogue by topic: some users follow an author of their first topic
   */
  List<SyntheticUser> users(Map<String, List<SyntheticItem>> itemsByTopic) {
    List<SyntheticUser> users = new ArrayList<>(config.users());
    for (int u = 0; u < config.users(); u++) {
      int k = 2 + rnd.nextInt(2);
      Map<String, Double> truth = new LinkedHashMap<>();
      double total = 0;
      while (truth.size() < k) {
        String t = pick(topics);
        if (!truth.containsKey(t)) {
          double w = 0.3 + rnd.nextDouble();
          truth.put(t, w);
          total += w;
        }
      }
      double sum = total;
      truth.replaceAll((t, w) -> w / sum);
      List<String> ordered =
          truth.entrySet().stream()
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .map(Map.Entry::getKey)
              .toList();
      List<String> signup = new ArrayList<>(ordered.subList(0, 1 + rnd.nextInt(ordered.size())));
      if (rnd.nextDouble() < 0.15) {
        signup.add(pick(topics)); // people tick boxes they don't mean
      }
      if (rnd.nextDouble() < NO_SIGNUP_RATE) {
        signup.clear();
      }
      String bio = "";
      String bioWord = Topics.bioWord(ordered.get(0));
      if (bioWord != null && rnd.nextDouble() < 0.5) {
        bio = "Just a " + bioWord + " having fun";
      }
      List<String> follows = new ArrayList<>();
      if (rnd.nextDouble() < 0.3) {
        List<SyntheticItem> onTopic = itemsByTopic.getOrDefault(ordered.get(0), List.of());
        if (!onTopic.isEmpty()) {
          follows.add(onTopic.get(rnd.nextInt(onTopic.size())).item().authorId());
        }
      }
      users.add(
          new SyntheticUser(
              new UserProfile("u" + u, signup, bio, follows, config.start()),
              java.util.Collections.unmodifiableMap(truth),
              u));
    }
    return users;
  }

  private <T> T pick(List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
