package io.overdrive.bench.replay;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.UserProfile;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.features.UserFeatures;
import io.overdrive.interests.InterestProfile;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.store.InMemoryFeatureStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Where the served feed loses the held-out item (replay-quality's diagnosis): rebuilds what the
 * standalone API holds after the load (the same events through the same updater into the in-memory
 * store, the same profiles) and runs the no-candidates path's retrieval as the API does it (the
 * version's user tower over the exact index of its item embeddings, the user's engaged items
 * excluded), so each user's held-out item is known to be retrieved, or not, among the first {@code
 * k}. Joined with which users the served feed hit, it splits the loss into retrieval and ranking.
 */
final class RetrievalRecall {
  private RetrievalRecall() {}

  /**
   * The held-out item's 1-based position in each user's retrieval of {@code k} items, or 0 when it
   * is not among them.
   */
  static Map<String, Integer> positions(
      Path version,
      List<ReplayData.User> users,
      List<Interaction> history,
      List<UserProfile> profiles,
      int k)
      throws IOException {
    LoadedModel model = LoadedModel.load(version);
    TwoTowerModel tower = model.twoTower().orElseThrow();
    int n = model.itemIds().size();
    int d = tower.settings().dim();
    float[] vectors = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(model.itemVector(i), 0, vectors, i * d, d);
    }
    ExactRetriever index =
        new ExactRetriever(new ItemEmbeddings(model.version(), d, model.itemIds(), vectors));
    LearningSettings learning = LearningSettings.defaults();
    InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    profiles.forEach(store::putProfile);
    store.apply(new InteractionUpdater(taxonomy, learning).deltas(history));
    Instant now = Instant.now();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (ReplayData.User u : users) {
      UserFeatures f = store.user(u.userId(), now);
      float[] query =
          tower.userVector(
              u.userId(), InterestProfile.of(f, taxonomy, learning.parentShare()), f.recentItems());
      List<ScoredItem> hits = index.search(query, k, new LinkedHashSet<>(f.recentItems()));
      int position = 0;
      for (int i = 0; i < hits.size(); i++) {
        if (hits.get(i).itemId().equals(u.heldOut())) {
          position = i + 1;
          break;
        }
      }
      out.put(u.userId(), position);
    }
    return out;
  }

  /**
   * The loss split: of the users, how many held-out items the model does not know (only the fresh
   * pool could bring them), how many retrieval found within each depth, and how many the served
   * feed hit among those retrieval found (the rest of its hits came from elsewhere).
   */
  static Map<String, Object> split(
      Map<String, Integer> positions,
      Map<String, Boolean> servedHits,
      LoadedModel model,
      List<ReplayData.User> users,
      int retrieved) {
    int unknown = 0;
    Map<Integer, Integer> within = new HashMap<>();
    java.util.SortedSet<Integer> depths =
        new java.util.TreeSet<>(List.of(20, 100, retrieved, 1000));
    int found = 0;
    int hitsFound = 0;
    int hitsElsewhere = 0;
    for (ReplayData.User u : users) {
      if (model.itemIndex(u.heldOut()) < 0) {
        unknown++;
      }
      int p = positions.getOrDefault(u.userId(), 0);
      for (int depth : depths) {
        if (p > 0 && p <= depth) {
          within.merge(depth, 1, Integer::sum);
        }
      }
      boolean hit = servedHits.getOrDefault(u.userId(), false);
      if (p > 0 && p <= retrieved) {
        found++;
        hitsFound += hit ? 1 : 0;
      } else if (hit) {
        hitsElsewhere++;
      }
    }
    double n = Math.max(users.size(), 1);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("users", users.size());
    out.put("held_out_unknown_to_the_model", unknown);
    for (int depth : depths) {
      out.put("retrieval_recall@" + depth, Replay.round(within.getOrDefault(depth, 0) / n));
    }
    out.put("retrieved_as_served", retrieved);
    out.put("lost_in_retrieval", Replay.round((users.size() - found) / n));
    out.put("hit_when_retrieved", Replay.round(hitsFound / Math.max(found, 1.0)));
    out.put("lost_in_ranking", Replay.round((found - hitsFound) / n));
    out.put("hits_not_from_retrieval", hitsElsewhere);
    return out;
  }
}
