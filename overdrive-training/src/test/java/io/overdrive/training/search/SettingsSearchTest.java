package io.overdrive.training.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.overdrive.training.DjlRuntime;
import io.overdrive.training.PlantedData;
import io.overdrive.training.Quiet;
import io.overdrive.training.TrainableModel;
import io.overdrive.training.Trainer;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.search.SearchSpace.Dimension;
import io.overdrive.training.search.SearchSpace.Value;
import io.overdrive.training.sequence.SequenceConfig;
import io.overdrive.training.sequence.TrainableSequenceModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Successive halving on planted data: the search keeps the setting that learns. */
class SettingsSearchTest {
  static LeaveOneOutSplit split;
  static Evaluator evaluator;

  /** A small model that learns the planted chains in a few epochs at a learning rate of 3e-3. */
  static final SequenceConfig BASE =
      new SequenceConfig(32, 16, 1, 1, 32, 0.1f, 3e-3f, 0, 64, 0, 3, 0f);

  /** The rule's start is deliberately bad (a learning rate that barely moves); one alternative. */
  static final SearchSpace<SequenceConfig> SPACE =
      new SearchSpace<>(
          BASE,
          List.of(
              new Dimension<>(
                  "learning rate",
                  List.of(
                      new Value<>("learning rate 1e-6", c -> c.withSchedule(1e-6f, 0)),
                      new Value<>("learning rate 0.003", c -> c.withSchedule(3e-3f, 0))))));

  @BeforeAll
  static void data() {
    DjlRuntime.configure(2);
    split = new LeaveOneOutSplit(PlantedData.chains(200, 120, 16, 0.9, 7));
    evaluator = new Evaluator(split, 1);
  }

  private static SettingsSearch.Result search(int maxEpochs, boolean enabled) {
    return new SettingsSearch(
            new Trainer(evaluator, Quiet.progress(), false), "sequence", maxEpochs, 5)
        .run(
            SPACE,
            c -> new TrainableSequenceModel(split, c, Device.cpu(), 3),
            System.nanoTime() + 600_000_000_000L,
            false,
            enabled);
  }

  @Test
  void successiveHalvingKeepsTheSettingThatLearnsAndTrainsItOn() {
    SettingsSearch.Result r = search(10, true);
    try (var model = r.model()) {
      assertThat(r.candidate()).isEqualTo("learning rate 0.003");
      assertThat(model.config().settings()).containsEntry("learning_rate", 3e-3f);
      assertThat(r.searched()).containsExactly("learning rate");
      assertThat(r.method()).contains("successive halving over 2 of 2 candidates in 2 rungs");
      assertThat(r.table()).hasSize(2);
      SettingsSearch.Row bad = r.table().get(0);
      SettingsSearch.Row good = r.table().get(1);
      assertThat(bad.candidate()).isEqualTo(SearchSpace.START); // the rule's (bad) start
      assertThat(bad.settings()).containsEntry("learning_rate", 1e-6f);
      assertThat(bad.result()).isEqualTo("discarded after rung 1");
      assertThat(bad.epochs()).isEqualTo(SettingsSearch.MIN_FIRST_TURN_EPOCHS);
      assertThat(good.result()).startsWith("chosen");
      assertThat(good.bestNdcg10()).isGreaterThan(bad.bestNdcg10() + 0.2);
      // the winner went on from where its first turn ended, not from scratch
      assertThat(good.epochs()).isGreaterThan(SettingsSearch.MIN_FIRST_TURN_EPOCHS);
      assertThat(r.outcome().epochs().get(0).epoch()).isEqualTo(1.0);
      assertThat(good.bestAfterRung()).hasSize(2);
      assertThat(good.bestAfterRung().get(1)).isGreaterThanOrEqualTo(good.bestAfterRung().get(0));
    }
  }

  @Test
  void withTheSearchOffOrNoRoomForItTheRuleTrainsAlone() {
    SettingsSearch.Result off = search(4, false);
    off.model().close();
    assertThat(off.table()).hasSize(1);
    assertThat(off.candidate()).isEqualTo(SearchSpace.START);
    assertThat(off.method()).contains("search off");

    SettingsSearch.Result tight = search(4, true); // 3 epochs per first turn need 6 or more
    tight.model().close();
    assertThat(tight.table()).hasSize(1);
    assertThat(tight.method()).contains("epoch limit too small to search (4)");
  }

  @Test
  void theBudgetDecidesHowManyCandidatesGetAFirstTurnOfThreeEpochs() {
    // 8 candidates: 4 rungs, a first turn of 1200 / 32 = 37.5 s >= 3 epochs of 10 s
    assertThat(SettingsSearch.candidatesFor(1200, 10, 20)).isEqualTo(8);
    assertThat(SettingsSearch.candidatesFor(1200, 10, 5)).isEqualTo(4);
    // 20 s epochs: 8 would give 37.5 s, 4 give 1200 / 12 = 100 s >= 60
    assertThat(SettingsSearch.candidatesFor(1200, 20, 20)).isEqualTo(4);
    assertThat(SettingsSearch.candidatesFor(100, 20, 20)).isEqualTo(1);
    assertThat(SettingsSearch.candidatesFor(1200, Double.POSITIVE_INFINITY, 20)).isEqualTo(1);
    assertThat(SettingsSearch.rungs(1)).isEqualTo(1);
    assertThat(SettingsSearch.rungs(8)).isEqualTo(4);
    // without a time budget: first turns of 3, 6, 12 epochs must end within half the limit
    assertThat(SettingsSearch.candidatesForEpochs(200, 8)).isEqualTo(8);
    assertThat(SettingsSearch.candidatesForEpochs(20, 8)).isEqualTo(4);
    assertThat(SettingsSearch.candidatesForEpochs(6, 8)).isEqualTo(2);
    assertThat(SettingsSearch.candidatesForEpochs(5, 8)).isEqualTo(1);
  }

  @Test
  void aForkScoresAsTheModelItCarriesOnFromAndRefusesOtherShapes() {
    Trainer trainer = new Trainer(evaluator, Quiet.progress(), false);
    try (var rule = new TrainableSequenceModel(split, BASE, Device.cpu(), 3);
        var fork = new TrainableSequenceModel(split, BASE.withDropout(0.5f), Device.cpu(), 3);
        var wider = new TrainableSequenceModel(split, BASE.withDim(64), Device.cpu(), 3)) {
      trainer.start(rule, "rule", 100, 100, 5).advance(Long.MAX_VALUE, 4);
      double trained = validation(rule);
      double fresh = validation(fork);
      fork.startFrom(rule);
      // the same parameters score the same (dropout is off when scoring): it starts where the
      // rule is, not from scratch
      assertThat(validation(fork)).isEqualTo(trained);
      assertThat(trained).isGreaterThan(fresh + 0.2);
      assertThatThrownBy(() -> wider.startFrom(rule))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shape");
    }
  }

  private static double validation(TrainableModel model) {
    return evaluator.evaluate(model.scorer(), Phase.VALIDATION).sampled().ndcg10();
  }
}
