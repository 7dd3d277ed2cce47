package io.overdrive.training.twotower;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.overdrive.domain.Item;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.TwoTowerFeatures;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.model.WeightedTokens;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.PlantedData;
import io.overdrive.training.Quiet;
import io.overdrive.training.Trainer;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.PopRec;
import io.overdrive.training.export.ModelExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-tower model learns planted taste clusters, handles new items, and exports faithfully. */
class TwoTowerLearningTest {
  static final int CLUSTERS = 8;
  static final TwoTowerConfig CONFIG =
      new TwoTowerConfig(32, 64, 4096, 1024, 1024, 0.1f, 3e-3f, 0, 256, 128, 0.2f, 4);

  static InteractionData data;
  static LeaveOneOutSplit split;
  static Evaluator evaluator;
  static TrainableTwoTowerModel trainer;

  @BeforeAll
  static void train() {
    DjlRuntime.configure(2);
    data = PlantedData.clusters(320, 400, CLUSTERS, 16, 0.9, 3);
    split = new LeaveOneOutSplit(data);
    evaluator = new Evaluator(split, 1);
    trainer =
        new TrainableTwoTowerModel(split, CONFIG, InterestTaxonomy.loadDefault(), Device.cpu(), 5);
    new Trainer(evaluator, Quiet.progress(), true)
        .run(trainer, 12, 4, System.nanoTime() + 300_000_000_000L, 3);
  }

  @AfterAll
  static void close() {
    trainer.close();
  }

  @Test
  void learnsTasteClustersFarAbovePopularity() {
    Evaluator.Result model = evaluator.evaluate(trainer.scorer(), Phase.TEST);
    Evaluator.Result pop = evaluator.evaluate(new PopRec(split), Phase.TEST);
    // 90% of targets are in the user's cluster of 50 items, a fifth of which they have seen
    assertThat(model.full().hr20()).isGreaterThan(2 * pop.full().hr20());
    assertThat(model.full().hr20()).isGreaterThan(0.3);
    assertThat(model.sampled().hr10()).isGreaterThan(0.6);
  }

  @Test
  void exportedTowersComputeDjlsVectorsInPureJava(@TempDir Path dir) throws Exception {
    ModelExporter.export(
        dir,
        new ModelExporter.Contents(data, trainer, null, List.of(), null),
        Instant.parse("2026-11-27T12:00:00Z"));
    LoadedModel loaded = LoadedModel.loadLatest(dir).orElseThrow();
    TwoTowerModel java = loaded.twoTower().orElseThrow();

    int[] users = {0, 1, 7, 100, 319};
    float[] djlUsers = trainer.userVectors(users, Phase.TEST);
    double worst = 0;
    for (int k = 0; k < users.length; k++) {
      int[] seq = split.input(users[k], Phase.TEST);
      TwoTowerInputs.UserInput in = trainer.inputs().user(users[k], seq, seq.length);
      float[] v = java.userVector(data.userId(users[k]), in.tokens(), in.history());
      for (int j = 0; j < v.length; j++) {
        worst = Math.max(worst, Math.abs(v[j] - djlUsers[k * v.length + j]));
      }
    }
    float[] djlItems = trainer.allItemVectors();
    for (int i = 0; i < data.itemCount(); i++) {
      float[] fromFile = loaded.itemVector(i);
      float[] recomputed = java.itemVector(data.itemId(i), trainer.inputs().itemContent(i));
      for (int j = 0; j < fromFile.length; j++) {
        worst = Math.max(worst, Math.abs(fromFile[j] - djlItems[i * fromFile.length + j]));
        worst = Math.max(worst, Math.abs(recomputed[j] - djlItems[i * fromFile.length + j]));
      }
    }
    assertThat(worst).isLessThan(1e-4);
  }

  @Test
  void aBrandNewItemGetsAVectorFromItsContentThatSuitsItsAudience(@TempDir Path dir)
      throws Exception {
    ModelExporter.export(
        dir,
        new ModelExporter.Contents(data, trainer, null, List.of(), null),
        Instant.parse("2026-11-27T12:00:00Z"));
    TwoTowerModel java = LoadedModel.loadLatest(dir).orElseThrow().twoTower().orElseThrow();
    int cluster = 3;
    Item fresh =
        new Item(
            "never-seen",
            null,
            null,
            List.of(PlantedData.topic(cluster)),
            List.of(),
            null,
            null,
            null);
    WeightedTokens content =
        TwoTowerFeatures.itemTokens(
            fresh, List.of(PlantedData.topic(cluster)), 0, CONFIG.tokenBuckets());
    float[] item = java.itemVector(null, content);

    double fans = 0;
    double others = 0;
    int nFans = 0;
    int nOthers = 0;
    for (int u = 0; u < data.userCount(); u++) {
      int[] seq = split.input(u, Phase.TEST);
      TwoTowerInputs.UserInput in = trainer.inputs().user(u, seq, seq.length);
      float[] q = java.userVector(data.userId(u), in.tokens(), in.history());
      double s = 0;
      for (int j = 0; j < q.length; j++) {
        s += q[j] * item[j];
      }
      if (Integer.parseInt(data.userId(u).substring(1)) % CLUSTERS == cluster) {
        fans += s;
        nFans++;
      } else {
        others += s;
        nOthers++;
      }
    }
    assertThat(fans / nFans).isGreaterThan(others / nOthers + 0.2);
  }
}
