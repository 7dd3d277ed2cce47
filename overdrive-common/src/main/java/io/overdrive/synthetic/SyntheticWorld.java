package io.overdrive.synthetic;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A synthetic social app whose ground truth is known: users with hidden true interests, authors who
 * post on their topics in series, items with quality and popularity, and interactions drawn from a
 * preference model with popularity and a planted sequential pattern (after an item of a series,
 * users often watch the next one). Feeds the demo, the tests, the benchmarks and the trainer (as an
 * archive of JSON lines, {@link #writeTo}).
 *
 * <p>Every user's events come from their own random stream (seed and user index), so the same seed
 * gives the same events, and one user's events can be drawn without drawing everyone's.
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
      if (interests < 2 || interests > TOPICS.length) {
        throw new IllegalArgumentException("interests must be in [2, " + TOPICS.length + "]");
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

  /** Top-level topics, in the taxonomy's vocabulary; hashtags use their synonyms too. */
  static final String[] TOPICS = {
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

  /** Share of users who skip the interest picker at signup. */
  static final double NO_SIGNUP_RATE = 0.1;

  private final Config config;
  private final List<String> topics;
  private final List<SyntheticUser> users = new ArrayList<>();
  private final List<SyntheticItem> items = new ArrayList<>();
  private final Map<String, SyntheticItem> itemsById = new HashMap<>();
  private final Map<String, List<SyntheticItem>> itemsByTopic = new HashMap<>();
  private final Map<String, SyntheticUser> usersById = new HashMap<>();
  private final double[] popularityCdf;

  private SyntheticWorld(Config config) {
    this.config = config;
    this.topics = List.of(TOPICS).subList(0, config.interests());
    SplittableRandom rnd = new SplittableRandom(config.seed());
    buildItems(rnd);
    buildUsers(rnd);
    popularityCdf = new double[items.size()];
    double acc = 0;
    for (int i = 0; i < items.size(); i++) {
      acc += items.get(i).popularity();
      popularityCdf[i] = acc;
    }
  }

  public static SyntheticWorld generate(Config config) {
    return new SyntheticWorld(config);
  }

  private void buildItems(SplittableRandom rnd) {
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
      String topic = rnd.nextDouble() < 0.85 ? authorTopic[author] : pick(topics, rnd);
      List<String> tags = new ArrayList<>(2);
      tags.add(tagFor(topic, rnd));
      if (rnd.nextDouble() < 0.3) {
        tags.add(pick(topics, rnd));
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
      String id = "i" + i;
      Item item =
          new Item(
              id,
              "a" + author,
              "Post " + i + " about " + topic + " part " + (index + 1) + " #" + topic,
              tags,
              media,
              created,
              round(engagementRate),
              round(quality));
      SyntheticItem si = new SyntheticItem(item, topic, popularity, series, index);
      items.add(si);
      itemsById.put(id, si);
      itemsByTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(si);
      index++;
    }
  }

  private void buildUsers(SplittableRandom rnd) {
    for (int u = 0; u < config.users(); u++) {
      int k = 2 + rnd.nextInt(2);
      Map<String, Double> truth = new LinkedHashMap<>();
      double total = 0;
      while (truth.size() < k) {
        String t = pick(topics, rnd);
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
        signup.add(pick(topics, rnd)); // people tick boxes they don't mean
      }
      if (rnd.nextDouble() < NO_SIGNUP_RATE) {
        signup.clear();
      }
      String bio = "";
      String bioWord = BIO_WORDS.get(ordered.get(0));
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
      String id = "u" + u;
      SyntheticUser su =
          new SyntheticUser(
              new UserProfile(id, signup, bio, follows, config.start()),
              java.util.Collections.unmodifiableMap(truth),
              u);
      users.add(su);
      usersById.put(id, su);
    }
  }

  /** Probability that the user engages with the item under the hidden preference model. */
  public double engageProbability(SyntheticUser user, SyntheticItem item) {
    double affinity = user.trueInterests().getOrDefault(item.topic(), 0.0);
    double logit =
        -3.0
            + 6.0 * affinity
            + 0.4 * Math.log(item.popularity())
            + 1.5 * item.item().qualityScore();
    return 1 / (1 + Math.exp(-logit));
  }

  /** True when the item is on one of the user's true interests: relevance for precision@k. */
  public boolean relevant(SyntheticUser user, String itemId) {
    SyntheticItem i = itemsById.get(itemId);
    return i != null && user.trueInterests().containsKey(i.topic());
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
      interactionsOf(u, sink);
    }
  }

  /** One user's interactions, in time order. */
  public List<Interaction> interactions(SyntheticUser u) {
    List<Interaction> out = new ArrayList<>(config.eventsPerUser());
    interactionsOf(u, out::add);
    return out;
  }

  private void interactionsOf(SyntheticUser u, Consumer<Interaction> out) {
    // exactly eventsPerUser events: the session ends mid-item when the budget runs out
    int budget = config.eventsPerUser();
    int[] emitted = {0};
    Consumer<Interaction> sink =
        e -> {
          if (emitted[0] < budget) {
            emitted[0]++;
            out.accept(e);
          }
        };
    int index = u.index() >= 0 ? u.index() : users.indexOf(u);
    SplittableRandom rnd = new SplittableRandom(mix(config.seed(), index));
    Instant t = config.start().plus(Duration.ofSeconds(rnd.nextInt(3600)));
    String uid = u.id();
    String prefix = "e" + uid + "-";
    Set<String> followed = new HashSet<>(u.profile().follows());
    SyntheticItem previous = null;
    int produced = 0;
    int eventNo = 0;
    int position = 0;
    while (produced < config.eventsPerUser()) {
      SyntheticItem item = nextItem(u, previous, rnd);
      String author = item.item().authorId();
      long gap = 5 + rnd.nextInt(120);
      if (rnd.nextDouble() < 0.02) {
        gap += 3600 + rnd.nextInt(24 * 3600); // a new session
        position = 0;
      }
      t = t.plusSeconds(gap);
      sink.accept(
          event(prefix + eventNo++, u, item, InteractionType.IMPRESSION, 0, null, position, t));
      produced++;
      double p = engageProbability(u, item);
      if (rnd.nextDouble() < p) {
        long dwell = 4000 + rnd.nextInt(40_000);
        Double completion =
            item.item().mediaTypes().contains("video")
                ? round(Math.min(1, 0.3 + 0.7 * rnd.nextDouble() * (0.5 + p)))
                : null;
        t = t.plusMillis(dwell);
        sink.accept(
            event(
                prefix + eventNo++, u, item, InteractionType.VIEW, dwell, completion, position, t));
        produced++;
        if (rnd.nextDouble() < 0.45) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.LIKE, 0, null, position, t));
          produced++;
        }
        if (rnd.nextDouble() < 0.08) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.SHARE, 0, null, position, t));
          produced++;
        }
        if (rnd.nextDouble() < 0.05) {
          sink.accept(
              event(prefix + eventNo++, u, item, InteractionType.COMMENT, 0, null, position, t));
          produced++;
        }
        if (author != null && !followed.contains(author) && rnd.nextDouble() < 0.02) {
          followed.add(author);
          sink.accept(
              event(
                  prefix + eventNo++,
                  u,
                  item,
                  InteractionType.FOLLOW_AUTHOR,
                  0,
                  null,
                  position,
                  t));
          produced++;
        }
        previous = item;
      } else {
        // people scroll past what they like but are not in the mood for; they reject (and
        // report) what they do not like, and report spam
        boolean likesTopic = u.trueInterests().containsKey(item.topic());
        double r = rnd.nextDouble();
        double reportRate = item.item().qualityScore() < 0.2 ? 0.1 : likesTopic ? 0.0 : 0.01;
        double notInterestedRate = likesTopic ? 0.01 : 0.15;
        InteractionType neg =
            r < reportRate
                ? InteractionType.REPORT
                : r < reportRate + notInterestedRate
                    ? InteractionType.NOT_INTERESTED
                    : InteractionType.SKIP;
        sink.accept(event(prefix + eventNo++, u, item, neg, 0, null, position, t));
        produced++;
        previous = null;
      }
      position++;
    }
  }

  private SyntheticItem nextItem(SyntheticUser u, SyntheticItem previous, SplittableRandom rnd) {
    if (previous != null && rnd.nextDouble() < config.seriesFollowRate()) {
      int nextIndex = Integer.parseInt(previous.item().id().substring(1)) + 1;
      if (nextIndex < items.size() && items.get(nextIndex).series() == previous.series()) {
        return items.get(nextIndex);
      }
    }
    if (rnd.nextDouble() < 0.6) {
      String topic = sampleTopic(u.trueInterests(), rnd);
      List<SyntheticItem> pool = itemsByTopic.get(topic);
      if (pool != null && !pool.isEmpty()) {
        return pool.get(rnd.nextInt(pool.size()));
      }
    }
    return samplePopular(rnd);
  }

  /** An item drawn with probability proportional to its popularity. */
  public SyntheticItem samplePopular(SplittableRandom rnd) {
    double x = rnd.nextDouble() * popularityCdf[popularityCdf.length - 1];
    int lo = 0;
    int hi = popularityCdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (popularityCdf[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return items.get(lo);
  }

  private static String sampleTopic(Map<String, Double> weights, SplittableRandom rnd) {
    double x = rnd.nextDouble();
    double acc = 0;
    String last = null;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      acc += e.getValue();
      last = e.getKey();
      if (x < acc) {
        return last;
      }
    }
    return last;
  }

  private static Interaction event(
      String id,
      SyntheticUser user,
      SyntheticItem item,
      InteractionType type,
      long dwell,
      Double completion,
      int position,
      Instant t) {
    return new Interaction(
        id,
        user.id(),
        item.item().id(),
        item.item().authorId(),
        type,
        dwell,
        completion,
        position,
        "for_you",
        null,
        t,
        item.item().hashtags());
  }

  /** SplitMix64 finaliser of seed and user index: independent streams per user. */
  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
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
    JsonMapper mapper = new JsonMapper();
    try {
      Files.createDirectories(dir);
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("items.jsonl"))) {
        for (SyntheticItem i : items) {
          w.write(CatalogueJson.itemToJson(i.item()));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("users.jsonl"))) {
        for (SyntheticUser u : users) {
          w.write(CatalogueJson.userToJson(u.profile()));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_users.jsonl"))) {
        for (SyntheticUser u : users) {
          ObjectNode n = mapper.createObjectNode();
          n.put("user_id", u.id());
          ObjectNode truth = n.putObject("true_interests");
          u.trueInterests().forEach((k, v) -> truth.put(k, round(v)));
          w.write(mapper.writeValueAsString(n));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_items.jsonl"))) {
        for (SyntheticItem i : items) {
          ObjectNode n = mapper.createObjectNode();
          n.put("id", i.item().id());
          n.put("topic", i.topic());
          n.put("popularity", round(i.popularity()));
          n.put("series", i.series());
          n.put("series_index", i.index());
          w.write(mapper.writeValueAsString(n));
          w.newLine();
        }
      }
      Path events = dir.resolve(gzipEvents ? "events.jsonl.gz" : "events.jsonl");
      long[] count = {0};
      try (OutputStream raw = Files.newOutputStream(events);
          OutputStream out = gzipEvents ? new GZIPOutputStream(raw, 1 << 16) : raw;
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
        forEachInteraction(
            e -> {
              try {
                w.write(EventJson.toJson(e));
                w.write('\n');
                count[0]++;
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
      }
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  public Set<String> topicsOf(SyntheticUser u) {
    return Set.copyOf(u.trueInterests().keySet());
  }

  private static String tagFor(String topic, SplittableRandom rnd) {
    String[] variants = TAG_VARIANTS.get(topic);
    return variants == null ? topic : variants[rnd.nextInt(variants.length)];
  }

  private static <T> T pick(List<T> xs, SplittableRandom rnd) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
