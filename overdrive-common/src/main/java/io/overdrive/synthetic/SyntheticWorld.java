package io.overdrive.synthetic;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A synthetic social app whose ground truth is known: users with hidden true interests, authors who
 * post on their topics in series, items with quality and popularity, and interactions drawn from a
 * preference model with popularity and a planted sequential pattern (after an item of a series,
 * users often watch the next one). Feeds the demo, the tests, the benchmarks and the trainer (as an
 * archive of JSON lines, {@link #writeTo}).
 *
 * <p>Every user's events come from their own random stream (seed and user index), so the same seed
 * gives the same events, and one user's events can be drawn without drawing everyone's.
 *
 * <p>Its parts: {@link WorldGenerator} draws the catalogue and the users, {@link PreferenceModel}
 * decides what a user is shown and engages with, {@link InteractionSimulator} plays their sessions,
 * {@link WorldFiles} writes the archive; {@link Topics} is the vocabulary.
 */
public final class SyntheticWorld {

  /**
   * @param seriesLength items per series; the sequential pattern follows a series in order
   * @param seriesFollowRate chance that the next interaction continues the current series
   */
  public record Config(
      int users,
      int items,
      int authors,
      int interests,
      int eventsPerUser,
      int seriesLength,
      double seriesFollowRate,
      long seed,
      Instant start) {
    public Config {
      if (users < 0 || items < 1 || authors < 1 || eventsPerUser < 0 || seriesLength < 1) {
        throw new IllegalArgumentException(
            "need users >= 0, items >= 1, authors >= 1, eventsPerUser >= 0, seriesLength >= 1");
      }
      if (interests < 2 || interests > Topics.ALL.length) {
        throw new IllegalArgumentException("interests must be in [2, " + Topics.ALL.length + "]");
      }
    }

    public static Config small() {
      return new Config(200, 2000, 100, 16, 40, 5, 0.5, 42, Instant.parse("2026-11-01T00:00:00Z"));
    }

    public Config withUsers(int n) {
      return new Config(
          n, items, authors, interests, eventsPerUser, seriesLength, seriesFollowRate, seed, start);
    }

    public Config withItems(int n) {
      return new Config(
          users, n, authors, interests, eventsPerUser, seriesLength, seriesFollowRate, seed, start);
    }

    public Config withAuthors(int n) {
      return new Config(
          users, items, n, interests, eventsPerUser, seriesLength, seriesFollowRate, seed, start);
    }

    public Config withInterests(int n) {
      return new Config(
          users, items, authors, n, eventsPerUser, seriesLength, seriesFollowRate, seed, start);
    }

    public Config withEventsPerUser(int n) {
      return new Config(
          users, items, authors, interests, n, seriesLength, seriesFollowRate, seed, start);
    }

    public Config withSeed(long s) {
      return new Config(
          users,
          items,
          authors,
          interests,
          eventsPerUser,
          seriesLength,
          seriesFollowRate,
          s,
          start);
    }
  }

  /**
   * A user and the interests they really have (hidden from the system), weights sum to 1.
   *
   * @param index position in {@link #users()}, which seeds the user's event stream
   */
  public record SyntheticUser(UserProfile profile, Map<String, Double> trueInterests, int index) {
    public SyntheticUser(UserProfile profile, Map<String, Double> trueInterests) {
      this(profile, trueInterests, -1);
    }

    public String id() {
      return profile.userId();
    }
  }

  /** An item with its ground truth: primary topic, latent popularity and series position. */
  public record SyntheticItem(Item item, String topic, double popularity, int series, int index) {}

  private final Config config;
  private final List<String> topics;
  private final List<SyntheticUser> users;
  private final List<SyntheticItem> items;
  private final Map<String, SyntheticItem> itemsById = new HashMap<>();
  private final Map<String, List<SyntheticItem>> itemsByTopic = new HashMap<>();
  private final Map<String, SyntheticUser> usersById = new HashMap<>();
  private final PreferenceModel preferences;
  private final InteractionSimulator simulator;

  private SyntheticWorld(Config config) {
    this.config = config;
    this.topics = List.of(Topics.ALL).subList(0, config.interests());
    WorldGenerator generator =
        new WorldGenerator(config, topics, new SplittableRandom(config.seed()));
    items = generator.items();
    for (SyntheticItem si : items) {
      itemsById.put(si.item().id(), si);
      itemsByTopic.computeIfAbsent(si.topic(), k -> new ArrayList<>()).add(si);
    }
    users = generator.users(itemsByTopic);
    users.forEach(u -> usersById.put(u.id(), u));
    preferences = new PreferenceModel(config.seriesFollowRate(), items, itemsById, itemsByTopic);
    simulator = new InteractionSimulator(config, users, preferences);
  }

  public static SyntheticWorld generate(Config config) {
    return new SyntheticWorld(config);
  }

  /** Probability that the user engages with the item under the hidden preference model. */
  public double engageProbability(SyntheticUser user, SyntheticItem item) {
    return preferences.engageProbability(user, item);
  }

  /** True when the item is on one of the user's true interests: relevance for precision@k. */
  public boolean relevant(SyntheticUser user, String itemId) {
    return preferences.relevant(user, itemId);
  }

  /**
   * Interactions of every user, each user's in time order: impressions, views with dwell and
   * completion, likes, shares, comments, follows, skips, not-interested and the odd report. The
   * same seed gives the same events. Holds them all in memory; {@link #forEachInteraction} streams.
   */
  public List<Interaction> interactions() {
    List<Interaction> out = new ArrayList<>(users.size() * config.eventsPerUser());
    forEachInteraction(out::add);
    return out;
  }

  /** Streams every user's interactions (user by user, each in time order). */
  public void forEachInteraction(Consumer<Interaction> sink) {
    for (SyntheticUser u : users) {
      simulator.interactionsOf(u, sink);
    }
  }

  /** One user's interactions, in time order. */
  public List<Interaction> interactions(SyntheticUser u) {
    List<Interaction> out = new ArrayList<>(config.eventsPerUser());
    simulator.interactionsOf(u, out::add);
    return out;
  }

  /** An item drawn with probability proportional to its popularity. */
  public SyntheticItem samplePopular(SplittableRandom rnd) {
    return preferences.samplePopular(rnd);
  }

  /**
   * Writes the archive format of docs/architecture.md into {@code dir}: {@code items.jsonl}, {@code
   * users.jsonl} and {@code events.jsonl}, plus the hidden truth for evaluation ({@code
   * truth_users.jsonl}: user_id, true_interests; {@code truth_items.jsonl}: id, topic, popularity,
   * series, series_index).
   *
   * @return the number of events written
   */
  public long writeTo(Path dir) {
    return writeTo(dir, false);
  }

  /** As {@link #writeTo(Path)}, the events gzipped ({@code events.jsonl.gz}) when asked. */
  public long writeTo(Path dir, boolean gzipEvents) {
    return WorldFiles.write(this, dir, gzipEvents);
  }

  public Config config() {
    return config;
  }

  public List<String> topics() {
    return topics;
  }

  public List<SyntheticUser> users() {
    return users;
  }

  public SyntheticUser user(String id) {
    return usersById.get(id);
  }

  public List<SyntheticItem> items() {
    return items;
  }

  public SyntheticItem item(String id) {
    return itemsById.get(id);
  }

  public List<Item> catalogue() {
    return items.stream().map(SyntheticItem::item).toList();
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
