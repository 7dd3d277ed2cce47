package io.overdrive.training.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.SequenceModel;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sequence model learns a planted "what comes next" pattern, and exports faithfully. */
class SequenceModelLearningTest {
  static final SequenceConfig CONFIG =
      new SequenceConfig(32, 16, 2, 2, 32, 0.1f, 3e-3f, 0, 64, 0, 5, 0f);

  static InteractionData data;
  static LeaveOneOutSplit split;
  static Evaluator evaluator;
  static TrainableSequenceModel trainer;
  static Trainer.Outcome outcome;

  @BeforeAll
  static void train() {
    DjlRuntime.configure(2);
    data = PlantedData.chains(300, 300, 20, 0.85, 7);
    split = new LeaveOneOutSplit(data);
    evaluator = new Evaluator(split, 1);
    trainer = new TrainableSequenceModel(split, CONFIG, Device.cpu(), 11);
    outcome =
        new Trainer(evaluator, Quiet.progress(), false)
            .run(trainer, 25, 5, System.nanoTime() + 300_000_000_000L, 3);
  }

  @AfterAll
  static void close() {
    trainer.close();
  }

  @Test
  void learnsThePlantedNextItemPatternFarAboveChanceAndPopularity() {
    Evaluator.Result model = evaluator.evaluate(trainer.scorer(), Phase.TEST);
    Evaluator.Result pop = evaluator.evaluate(new PopRec(split), Phase.TEST);
    // chance is 10/101 under sampled-100; the planted pattern says 85% of next items are knowable
    assertThat(model.sampled().hr10()).isGreaterThan(0.6);
    assertThat(model.sampled().hr10()).isGreaterThan(3 * pop.sampled().hr10());
    assertThat(model.full().hr10()).isGreaterThan(0.5);
    assertThat(outcome.epochs()).isNotEmpty();
    assertThat(outcome.bestEpoch()).isPositive();
    assertThat(outcome.epochs().get(outcome.epochs().size() - 1).trainLoss())
        .isLessThan(outcome.epochs().get(0).trainLoss());
  }

  @Test
  void exportedModelScoresLikeDjlInPureJava(@TempDir Path dir) throws Exception {
    assertThat(worstDifference(trainer, dir)).isLessThan(1e-4);
  }

  /**
   * The pure-Java scorer (decision 0400) against DJL with the other block and head counts that
   * {@code --blocks} and {@code --heads} may give (untrained parameters: the forward pass is what
   * is compared).
   */
  @ParameterizedTest
  @CsvSource({"1, 1", "3, 4", "1, 8"})
  void otherBlockAndHeadCountsExportFaithfully(int blocks, int heads, @TempDir Path dir)
      throws Exception {
    SequenceConfig config = CONFIG.withBlocks(blocks).withHeads(heads);
    try (TrainableSequenceModel model =
        new TrainableSequenceModel(split, config, Device.cpu(), 5)) {
      double worst = worstDifference(model, dir);
      assertThat(worst).isLessThan(1e-4);
    }
  }

  /** The largest difference between DJL's and the exported pure-Java model's scores. */
  private static double worstDifference(TrainableSequenceModel trainer, Path dir) throws Exception {
    String version =
        ModelExporter.export(
            dir,
            new ModelExporter.Contents(data, null, trainer, List.of(), null),
            Instant.parse("2026-11-27T12:00:00Z"));
    LoadedModel loaded = LoadedModel.loadLatest(dir).orElseThrow();
    assertThat(loaded.version()).isEqualTo(version);
    SequenceModel java = loaded.sequence().orElseThrow();
    assertThat(java.settings().blocks()).isEqualTo(trainer.config().blocks());
    assertThat(java.settings().heads()).isEqualTo(trainer.config().heads());

    List<int[]> histories = new ArrayList<>();
    for (int u : new int[] {0, 1, 2, 50, 199}) {
      histories.add(split.input(u, Phase.TEST));
    }
    histories.add(new int[] {42});
    histories.add(
        IntStream.range(0, trainer.config().maxLength() + 9).map(i -> (i * 7) % 300).toArray());
    int[][] hs = histories.toArray(int[][]::new);
    float[] djl = trainer.scores(hs);

    int items = data.itemCount();
    double worst = 0;
    for (int r = 0; r < hs.length; r++) {
      float[] state = java.encode(hs[r]);
      for (int i = 0; i < items; i++) {
        worst = Math.max(worst, Math.abs(java.score(state, i) - djl[r * items + i]));
      }
    }
    return worst;
  }
}
