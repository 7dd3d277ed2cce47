package io.overdrive.bench.replay;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventJson;
import io.overdrive.training.eval.RankingMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The untimed part of {@code bench/replay-quality.sh} ({@link ReplayQualityBenchmark}): what is
 * loaded into the API (items with a creation time, signup profiles derived from the training part
 * only, the history's events), PopRec under the feed's rule (never an item the user already
 * interacted with), and how a served list scores against the held-out item.
 */
public final class ReplayQuality {
  private ReplayQuality() {}

  /**
   * Signup interests that use nothing of the held-out part: the user's {@code n} most frequent
   * genres (the items' hashtags) over the distinct items of their history, ties by name.
   */
  public static List<String> topGenres(ReplayData data, ReplayData.User user, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (String id : historyItems(user)) {
      for (String tag : data.item(id).hashtags()) {
        counts.merge(tag, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The distinct items of the user's history (what the feed must never serve them again). */
  public static Set<String> historyItems(ReplayData.User user) {
    Set<String> out = new HashSet<>();
    user.history().forEach(r -> out.add(r.itemId()));
    return out;
  }

  /**
   * Each item's {@code created_at}: its first event in the loaded history. An item with none (rated
   * only as someone's held-out item) is posted when the history ends, all such items alike, so the
   * time says nothing about the held-out part.
   */
  public static Map<String, Instant> createdAt(List<Interaction> history, List<String> catalogue) {
    Map<String, Instant> first = new HashMap<>();
    Instant end = Instant.EPOCH;
    for (Interaction e : history) {
      first.merge(e.itemId(), e.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
      if (e.timestamp().isAfter(end)) {
        end = e.timestamp();
      }
    }
    Map<String, Instant> out = new LinkedHashMap<>();
    for (String id : catalogue) {
      out.put(id, first.getOrDefault(id, end));
    }
    return out;
  }

  /** Events per item in the loaded history: PopRec's counts. */
  public static Map<String, Integer> counts(List<Interaction> history) {
    Map<String, Integer> counts = new HashMap<>();
    for (Interaction e : history) {
      counts.merge(e.itemId(), 1, Integer::sum);
    }
    return counts;
  }

  /** Item ids by count, most counted first, ties by id: the order PopRec serves from. */
  public static List<String> byPopularity(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** PopRec's feed for one user: the {@code k} most popular items they have not interacted with. */
  public static List<String> popRec(List<String> byPopularity, Set<String> seen, int k) {
    List<String> out = new ArrayList<>(k);
    for (String id : byPopularity) {
      if (out.size() == k) {
        break;
      }
      if (!seen.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** HR / NDCG of PopRec on the users, against each one's held-out item. */
  public static RankingMetrics popRecMetrics(
      List<ReplayData.User> users, List<Interaction> history, int k) {
    List<String> order = byPopularity(counts(history));
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    for (ReplayData.User u : users) {
      m.add(Replay.rankIn(popRec(order, historyItems(u), k), u.heldOut()));
    }
    return m.result();
  }

  /** How many of the served ids the user already interacted with (the feed must serve none). */
  public static int alreadySeen(List<String> served, Set<String> seen) {
    int n = 0;
    for (String id : served) {
      if (seen.contains(id)) {
        n++;
      }
    }
    return n;
  }

  /**
   * What the benchmark loads, in the archive format {@code bin/import} reads: {@code items.jsonl}
   * (each item's text and hashtags with its {@code created_at}), {@code users.jsonl} (when profiles
   * are given) and {@code events.jsonl} (the history, in time order).
   */
  public static Path writeImport(
      Path dir,
      ReplayData data,
      List<Interaction> history,
      Map<String, Instant> createdAt,
      List<UserProfile> profiles)
      throws IOException {
    Files.createDirectories(dir);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("items.jsonl"), StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Instant> e : createdAt.entrySet()) {
        Item i = data.item(e.getKey());
        Item dated =
            new Item(
                i.id(),
                i.authorId(),
                i.text(),
                i.hashtags(),
                i.mediaTypes(),
                e.getValue(),
                i.engagementRate(),
                i.qualityScore());
        w.write(CatalogueJson.itemToJson(dated));
        w.newLine();
      }
    }
    if (!profiles.isEmpty()) {
      try (BufferedWriter w =
          Files.newBufferedWriter(dir.resolve("users.jsonl"), StandardCharsets.UTF_8)) {
        for (UserProfile p : profiles) {
          w.write(CatalogueJson.userToJson(p));
          w.newLine();
        }
      }
    }
    List<Interaction> ordered = new ArrayList<>(history);
    ordered.sort(Comparator.comparing(Interaction::timestamp));
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      for (Interaction e : ordered) {
        w.write(EventJson.toJson(e));
        w.newLine();
      }
    }
    return dir;
  }
}
