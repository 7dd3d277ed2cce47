package io.overdrive.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.overdrive.training.eval.Evaluator;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.Phase;
import io.overdrive.training.eval.UserScorer;
import io.overdrive.training.sequence.SequenceConfig;
import io.overdrive.training.sequence.TrainableSequenceModel;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A model trained in turns (the settings search pauses it, mid-epoch too, trains other candidates
 * in between and validates it at each pause) follows exactly the path it follows alone: the same
 * losses and validation figures after every epoch, the same early stop, the same kept parameters.
 * Otherwise a search that keeps the rule's settings would still change the rule's result, and
 * search-on against search-off would measure the pauses, not the settings.
 *
 * <p>Real (tiny) trainings with dropout, on a clock their steps advance by one second each, so the
 * pauses fall on the same steps whatever the machine's load.
 */
class TrainerTurnsTest {
  static final long SECOND = 1_000_000_000L;

  /** Dropout well above zero, so every step draws masks from the engine's generator. */
  static final SequenceConfig RULE =
      new SequenceConfig(32, 16, 1, 1, 32, 0.3f, 3e-3f, 0, 32, 0, 2, 0f);

  /** Candidates of the search: another dropout (a fork of the rule) and another width. */
  static final SequenceConfig OTHER = RULE.withDropout(0.5f);

  static final SequenceConfig WIDER = RULE.withDim(64);
  static final int MAX_EPOCHS = 14;
  static final long SEED = 5;

  static final PlantedSplit DATA = PlantedSplit.small();
  static final LeaveOneOutSplit split = DATA.split();
  static final Evaluator evaluator = DATA.evaluator();

  @Test
  void aModelTrainedInTurnsBesideOthersEndsAsItDoesAlone() {
    AtomicLong clock = new AtomicLong();
    Trainer trainer = new Trainer(evaluator, Quiet.progress(), false, clock::get);

    Trainer.Outcome alone;
    double aloneTest;
    try (Stepped rule = new Stepped(model(RULE), clock)) {
      Trainer.Session s = trainer.start(rule, "rule", MAX_EPOCHS, RULE.patience(), SEED);
      s.advance(Long.MAX_VALUE, Double.POSITIVE_INFINITY);
      alone = s.finish();
      aloneTest = test(rule);
    }

    Trainer.Outcome inTurns;
    double inTurnsTest;
    int pauses = 0;
    try (Stepped rule = new Stepped(model(RULE), clock);
        Stepped wider = new Stepped(model(WIDER), clock);
        Stepped fork = new Stepped(model(OTHER), clock)) {
      Trainer.Session s = trainer.start(rule, "rule", MAX_EPOCHS, RULE.patience(), SEED);
      Trainer.Session w = trainer.start(wider, "wider", 1000, 1000, SEED);
      Trainer.Session f = null;
      int stepsPerEpoch = rule.epoch(new SplittableRandom(0)).size();
      assertThat(stepsPerEpoch).isGreaterThan(5); // so the turns below end within epochs
      while (!s.done() && clock.get() < 1000 * SECOND) {
        s.advance(clock.get() + 5 * SECOND, Double.POSITIVE_INFINITY); // 5 steps, then a pause
        pauses++;
        w.advance(clock.get() + 3 * SECOND, Double.POSITIVE_INFINITY);
        if (pauses == 4) { // a fork carries on from the rule's parameters, as the search's do
          fork.startFrom(rule);
          f = trainer.start(fork, "fork", 1000, 1000, SEED);
        }
        if (f != null) {
          f.advance(clock.get() + 4 * SECOND, Double.POSITIVE_INFINITY);
        }
      }
      inTurns = s.finish();
      inTurnsTest = test(rule);
      w.finish();
      assertThat(f).isNotNull();
      f.finish();
    }

    List<Trainer.EpochRecord> aloneEpochs = epochEnds(alone);
    List<Trainer.EpochRecord> inTurnsEpochs = epochEnds(inTurns);
    assertThat(aloneEpochs).hasSizeGreaterThan(3);
    // the pauses validated within epochs too: more validations, the same ones at epoch ends
    assertThat(inTurns.epochs()).hasSizeGreaterThan(inTurnsEpochs.size());
    assertThat(pauses).isGreaterThan(inTurnsEpochs.size());
    assertThat(inTurnsEpochs).hasSameSizeAs(aloneEpochs);
    for (int k = 0; k < aloneEpochs.size(); k++) {
      Trainer.EpochRecord a = aloneEpochs.get(k);
      Trainer.EpochRecord t = inTurnsEpochs.get(k);
      assertThat(t.epoch()).isEqualTo(a.epoch());
      assertThat(t.trainLoss()).as("loss of epoch %s", a.epoch()).isEqualTo(a.trainLoss());
      assertThat(t.validationSampled()).as("epoch %s", a.epoch()).isEqualTo(a.validationSampled());
      assertThat(t.validationFull()).as("epoch %s", a.epoch()).isEqualTo(a.validationFull());
    }
    assertThat(inTurns.stop()).isEqualTo(alone.stop());
    assertThat(inTurns.bestEpoch()).isEqualTo(alone.bestEpoch());
    assertThat(inTurns.bestNdcg10()).isEqualTo(alone.bestNdcg10());
    assertThat(inTurnsTest).isEqualTo(aloneTest);
  }

  private static TrainableSequenceModel model(SequenceConfig config) {
    return new TrainableSequenceModel(split, config, Device.cpu(), SEED);
  }

  private static double test(TrainableModel model) {
    return evaluator.evaluate(model.scorer(), Phase.TEST).sampled().ndcg10();
  }

  private static List<Trainer.EpochRecord> epochEnds(Trainer.Outcome o) {
    return o.epochs().stream().filter(r -> r.epoch() == Math.rint(r.epoch())).toList();
  }

  /** A real model whose every training step advances the trainer's clock by one second. */
  static final class Stepped implements TrainableModel {
    private final TrainableModel model;
    private final AtomicLong clock;

    Stepped(TrainableModel model, AtomicLong clock) {
      this.model = model;
      this.clock = clock;
    }

    @Override
    public String name() {
      return model.name();
    }

    @Override
    public List<? extends Batch> epoch(SplittableRandom random) {
      return model.epoch(random);
    }

    @Override
    public float step(Batch batch) {
      clock.addAndGet(SECOND);
      return model.step(batch);
    }

    @Override
    public UserScorer scorer() {
      return model.scorer();
    }

    @Override
    public BlockOptimizer optimizer() {
      return model.optimizer();
    }

    @Override
    public ModelConfig config() {
      return model.config();
    }

    @Override
    public void close() {
      model.close();
    }
  }
}
