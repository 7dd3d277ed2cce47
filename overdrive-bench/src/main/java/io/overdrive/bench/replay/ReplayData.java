package io.overdrive.bench.replay;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.training.data.MovieLensLoader;
import io.overdrive.training.data.RatingsSink;
import io.overdrive.training.data.SasRecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A public ratings data set split for a replay through the API: each user's ratings in time order
 * (ties in file order, as the trainer orders them), the last distinct item held out as the target,
 * the one before it as the validation target of baselines that choose a setting, everything else
 * the history the replay sends. Read with the trainer's loaders (MovieLens directories in all
 * layouts, SASRec's file), so the trainer's leave-one-out split holds out the same item.
 */
public final class ReplayData {
  /** One rating as the data set has it. */
  public record Rating(String userId, String itemId, double value, long time, long order) {}

  /**
   * A user of the replay.
   *
   * @param history every rating but those of the held-out item, in time order
   * @param validation the history's last distinct item (null when the history has fewer than two)
   * @param heldOut the target: the user's last distinct item
   * @param items every item the user rated, the held-out one included
   */
  public record User(
      String userId, List<Rating> history, String validation, String heldOut, Set<String> items) {}

  private final String source;
  private final boolean timed;
  private final List<User> users;
  private final List<String> catalogue;
  private final Map<String, Item> items;
  private final Map<String, UserProfile> profiles;

  private ReplayData(
      String source,
      boolean timed,
      List<User> users,
      List<String> catalogue,
      Map<String, Item> items,
      Map<String, UserProfile> profiles) {
    this.source = source;
    this.timed = timed;
    this.users = users;
    this.catalogue = catalogue;
    this.items = items;
    this.profiles = profiles;
  }

  /** A MovieLens directory (100K, 1M/10M, CSV) or SASRec's {@code user item} file. */
  public static ReplayData load(Path path) {
    Map<String, List<Rating>> byUser = new LinkedHashMap<>();
    Map<String, Item> items = new LinkedHashMap<>();
    Map<String, UserProfile> profiles = new LinkedHashMap<>();
    Set<String> rated = new java.util.LinkedHashSet<>();
    RatingsSink sink =
        new RatingsSink() {
          private long order;

          @Override
          public void rating(String userId, String itemId, double value, long time) {
            byUser
                .computeIfAbsent(userId, u -> new ArrayList<>())
                .add(new Rating(userId, itemId, value, time, order++));
            rated.add(itemId);
          }

          @Override
          public void item(Item item) {
            items.put(item.id(), item);
          }

          @Override
          public void profile(UserProfile profile) {
            profiles.put(profile.userId(), profile);
          }
        };
    boolean timed = Files.isDirectory(path);
    if (timed) {
      MovieLensLoader.read(path, sink);
    } else {
      SasRecLoader.read(path, sink);
    }
    List<User> users = new ArrayList<>();
    for (List<Rating> ratings : byUser.values()) {
      ratings.sort(Comparator.comparingLong(Rating::time).thenComparingLong(Rating::order));
      List<String> distinct = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Rating r : ratings) {
        if (seen.add(r.itemId())) {
          distinct.add(r.itemId());
        }
      }
      if (distinct.size() < 2) {
        continue; // nothing to replay before a target
      }
      String heldOut = distinct.get(distinct.size() - 1);
      List<Rating> history = ratings.stream().filter(r -> !r.itemId().equals(heldOut)).toList();
      String validation = distinct.size() >= 3 ? distinct.get(distinct.size() - 2) : null;
      users.add(new User(ratings.get(0).userId(), history, validation, heldOut, seen));
    }
    return new ReplayData(
        path.toString(), timed, users, List.copyOf(rated), Map.copyOf(items), profiles);
  }

  public String source() {
    return source;
  }

  /** False for SASRec's file, whose "times" are line numbers. */
  public boolean timed() {
    return timed;
  }

  public List<User> users() {
    return users;
  }

  /** Every item rated by anyone, in order of first rating. */
  public List<String> catalogue() {
    return catalogue;
  }

  /** The item as the data describes it (title as text, genres as hashtags), or an id only. */
  public Item item(String id) {
    return items.getOrDefault(id, Item.withId(id));
  }

  public Map<String, UserProfile> profiles() {
    return profiles;
  }

  /** Every history rating of every user, in time order. */
  public List<Rating> historyInTimeOrder() {
    List<Rating> all = new ArrayList<>();
    users.forEach(u -> all.addAll(u.history()));
    all.sort(Comparator.comparingLong(Rating::time).thenComparingLong(Rating::order));
    return all;
  }

  /**
   * The user's candidates: the held-out item and up to {@code negatives} items they never rated,
   * drawn uniformly without replacement, the same for every ranking of one run (seeded per user).
   */
  public List<String> candidates(User user, int negatives, long seed) {
    Random rnd = new Random(seed * 1_000_003L + user.userId().hashCode());
    List<String> pool = new ArrayList<>(catalogue.size());
    for (String id : catalogue) {
      if (!user.items().contains(id)) {
        pool.add(id);
      }
    }
    int n = Math.min(negatives, pool.size());
    for (int i = 0; i < n; i++) {
      java.util.Collections.swap(pool, i, i + rnd.nextInt(pool.size() - i));
    }
    List<String> out = new ArrayList<>(n + 1);
    out.add(user.heldOut());
    out.addAll(pool.subList(0, n));
    // the target's place among the candidates must not tell anything
    java.util.Collections.shuffle(out, rnd);
    return out;
  }
}
