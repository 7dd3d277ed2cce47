package io.overdrive.bench.replay;

import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelDirectory;
import io.overdrive.model.SequenceModel;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.training.data.DataFormat;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.RankingMetrics;
import io.overdrive.training.twotower.TwoTowerConfig;
import io.overdrive.training.twotower.TwoTowerInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a model served alone keeps what it knows offline (docs/benchmarks.md, "Replay"): in
 * process, no API, each model's own scores on the replay's candidates from three inputs. {@code
 * offline}: the trainer's input for the user (the split's test input, the two-tower's interests as
 * the trainer simulates them), scored with the model classes directly. {@code pipeline}: the real
 * For You pipeline on an in-memory store fed the replayed events at their times, the model's signal
 * alone ordering the feed (as the API's "alone" runs). The served run through the API (HTTP, its
 * own store) is the third; a gap between two of them names the stage that loses.
 */
final class ReplayModelCheck {
  private final Replay replay;
  private final LeaveOneOutSplit split;
  private final Map<String, Integer> userIndex = new HashMap<>();
  private final LoadedModel model;
  private final Map<String, List<String>> candidates;

  private ReplayModelCheck(
      Replay replay,
      LeaveOneOutSplit split,
      LoadedModel model,
      Map<String, List<String>> candidates) {
    this.replay = replay;
    this.split = split;
    this.model = model;
    this.candidates = candidates;
    for (int u = 0; u < split.data().userCount(); u++) {
      userIndex.put(split.data().userId(u), u);
    }
  }

  static Map<String, Object> run(
      Replay replay, Path archive, Path models, Map<String, List<String>> candidates)
      throws IOException {
    LoadedModel model =
        LoadedModel.load(models.resolve(ModelDirectory.latest(models).orElseThrow()));
    InteractionData data =
        DataFormat.ARCHIVE.load(archive, DataFormat.ARCHIVE.defaultMinInteractions());
    ReplayModelCheck check =
        new ReplayModelCheck(replay, new LeaveOneOutSplit(data), model, candidates);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_version", model.version());
    if (model.sequence().isPresent()) {
      out.put("sequence_offline", check.sequenceOffline());
      out.put("sequence_pipeline", check.pipeline("sequence"));
    }
    if (model.twoTower().isPresent()) {
      out.put("two_tower_offline", check.twoTowerOffline());
      out.put("two_tower_pipeline", check.pipeline("two_tower"));
    }
    return out;
  }

  /**
   * The sequence model on the user's whole archived sequence, and on the last N the store keeps.
   */
  private Map<String, Object> sequenceOffline() {
    SequenceModel seq = model.sequence().orElseThrow();
    int kept = LearningSettings.defaults().sequenceLength();
    RankingMetrics.Accumulator full = new RankingMetrics.Accumulator();
    RankingMetrics.Accumulator lastKept = new RankingMetrics.Accumulator();
    int mismatched = 0;
    for (ReplayData.User u : replay.evaluated) {
      Integer su = userIndex.get(u.userId());
      if (su == null) {
        continue;
      }
      // the archive holds the history only (the held-out item never reached the API), so the
      // user's whole archived sequence is the model's input for the held-out item
      int[] all = split.allItems(su);
      int[] in = toModel(all);
      if (all.length != u.history().stream().map(ReplayData.Rating::itemId).distinct().count()) {
        mismatched++;
      }
      List<String> c = candidates.get(u.userId());
      full.add(rank(seq, seq.encode(in), c, u.heldOut()));
      int n = Math.min(in.length, kept);
      int[] tail = java.util.Arrays.copyOfRange(in, in.length - n, in.length);
      lastKept.add(rank(seq, seq.encode(tail), c, u.heldOut()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("trainer_input", Replay.row(full.result()));
    out.put("last_" + kept, Replay.row(lastKept.result()));
    out.put("users_whose_input_differs_from_the_replay", mismatched);
    return out;
  }

  /** The two-tower model on the trainer's own user input (interests simulated as in training). */
  private Map<String, Object> twoTowerOffline() {
    TwoTowerModel towers = model.twoTower().orElseThrow();
    TwoTowerModel.Settings s = towers.settings();
    // the trainer's default hashing for this data (what the version was trained with, checked)
    TwoTowerConfig config = TwoTowerConfig.defaults(split.itemCount(), split.userCount());
    if (config.tokenBuckets() != s.tokenBuckets()
        || config.itemBuckets() != s.itemBuckets()
        || config.userBuckets() != s.userBuckets()) {
      return Map.of("skipped", "the version hashes features into other buckets");
    }
    TwoTowerInputs inputs = new TwoTowerInputs(split, config, InterestTaxonomy.loadDefault());
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    for (ReplayData.User u : replay.evaluated) {
      Integer su = userIndex.get(u.userId());
      if (su == null) {
        continue;
      }
      int[] in = split.allItems(su);
      TwoTowerInputs.UserInput ui = inputs.user(su, in, in.length);
      float[] q = towers.userVector(u.userId(), ui.tokens(), ui.history());
      List<String> c = candidates.get(u.userId());
      double[] scores = new double[c.size()];
      for (int i = 0; i < scores.length; i++) {
        int row = model.itemIndex(c.get(i));
        scores[i] = row < 0 ? Double.NEGATIVE_INFINITY : model.itemScore(q, row);
      }
      m.add(Replay.rankOf(scores, c.indexOf(u.heldOut())));
    }
    return Replay.row(m.result());
  }

  private int[] toModel(int[] splitItems) {
    List<Integer> out = new ArrayList<>(splitItems.length);
    for (int i : splitItems) {
      int row = model.itemIndex(split.data().itemId(i));
      if (row >= 0) {
        out.add(row);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private int rank(SequenceModel seq, float[] state, List<String> c, String target) {
    double[] scores = new double[c.size()];
    for (int i = 0; i < scores.length; i++) {
      int row = model.itemIndex(c.get(i));
      scores[i] = state == null || row < 0 ? Double.NEGATIVE_INFINITY : seq.score(state, row);
    }
    return Replay.rankOf(scores, c.indexOf(target));
  }

  private Map<String, Object> pipeline(String signal) {
    return new ReplayPipeline(replay, candidates)
        .rank(model, RankingSettings.defaults().withOverrides(Replay.alone(signal)));
  }
}
