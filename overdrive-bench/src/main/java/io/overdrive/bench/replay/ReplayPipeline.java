package io.overdrive.bench.replay;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.events.EventIngestor;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.ranking.ForYouPipelines;
import io.overdrive.ranking.RankRequest;
import io.overdrive.ranking.RankResult;
import io.overdrive.ranking.RankedItem;
import io.overdrive.ranking.RankingPipeline;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.training.eval.RankingMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API's For You pipeline in process: the replayed events go through the same event path into an
 * in-memory store (the standalone API's), then each evaluated user's candidates are ranked by
 * {@link ForYouPipelines#standard} with a model version's scorers and trained blend. It serves what
 * the API serves (the check of {@link ReplayModelCheck} compares them) at a fraction of the time,
 * so settings can be swept: the trade-off curves of docs/ranking.md come from here.
 */
final class ReplayPipeline {
  private final Replay replay;
  private final Map<String, List<String>> candidates;
  private final LearningSettings learning = LearningSettings.defaults();
  private final InterestTaxonomy taxonomy = InterestTaxonomy.loadDefault();
  private final InMemoryFeatureStore store;

  ReplayPipeline(Replay replay, Map<String, List<String>> candidates) {
    this.replay = replay;
    this.candidates = candidates;
    this.store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    List<Item> items = new ArrayList<>();
    replay.data.catalogue().forEach(id -> items.add(replay.data.item(id)));
    store.putItems(items);
    EventIngestor ingestor = new EventIngestor(store, new InteractionUpdater(taxonomy, learning));
    List<Interaction> batch = new ArrayList<>();
    for (Interaction e : replay.history) {
      batch.add(e);
      if (batch.size() == 500) {
        ingestor.ingest(batch);
        batch.clear();
      }
    }
    ingestor.ingest(batch);
  }

  /** HR/NDCG of the served lists under these settings, with the version's models (null: none). */
  Map<String, Object> rank(LoadedModel model, RankingSettings settings) {
    RankingPipeline pipeline = ForYouPipelines.withVersion(store, taxonomy, learning, model);
    int limit = replay.args.integer("limit", 20);
    Instant now = Instant.now();
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    for (ReplayData.User u : replay.evaluated) {
      List<Item> described = new ArrayList<>();
      candidates.get(u.userId()).forEach(id -> described.add(replay.data.item(id)));
      RankResult r =
          pipeline.rank(
              new RankRequest(u.userId(), described, limit),
              settings,
              ExperimentAssigner.CONTROL,
              now);
      List<String> ids = new ArrayList<>();
      for (RankedItem it : r.items()) {
        ids.add(it.id());
      }
      m.add(Replay.rankIn(ids, u.heldOut()));
    }
    return Replay.row(m.result());
  }
}
