package io.overdrive.training.twotower;

import io.overdrive.training.search.DataStats;
import io.overdrive.training.search.FixedSettings;
import io.overdrive.training.search.SearchSpace;
import io.overdrive.training.search.SearchSpace.Dimension;
import io.overdrive.training.search.SearchSpace.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The two-tower model's settings search: the rule's start and the dimensions tried around it
 * (docs/training.md, "Settings search"; decision 0406). The rule is the former defaults: a softmax
 * over the batch's items plus 1,024 uniformly drawn ones with the logQ correction, temperature
 * 0.05, width 64, id dropout 0.1, learning rate 1e-3 without warm-up. The softmax over the whole
 * catalogue is the alternative, not the start: on MovieLens-100K it was worse on full-ranking HR@20
 * (0.287 against 0.305 in the same time; the corrected in-batch negatives weigh popular items as
 * the target distribution does), and every step runs the item tower over every column.
 */
public final class TwoTowerSearchSpace {
  static final float HIGH_LEARNING_RATE = 3e-3f;

  private TwoTowerSearchSpace() {}

  public static SearchSpace<TwoTowerConfig> of(DataStats data, FixedSettings fixed) {
    TwoTowerConfig rule = TwoTowerConfig.defaults(data.items(), data.users());

    List<Value<TwoTowerConfig>> negatives = new ArrayList<>();
    if (fixed.negatives() != null) {
      negatives.add(negatives(fixed.negatives()));
    } else {
      negatives.add(negatives(rule.negatives()));
      negatives.add(negatives(0));
    }

    List<Value<TwoTowerConfig>> temperature = new ArrayList<>();
    if (fixed.temperature() != null) {
      temperature.add(temperature(fixed.temperature()));
    } else {
      temperature.add(temperature(0.05f));
      temperature.add(temperature(0.1f));
    }

    List<Value<TwoTowerConfig>> width = new ArrayList<>();
    if (fixed.dim() != null) {
      width.add(dim(fixed.dim()));
    } else {
      width.add(dim(64));
      width.add(dim(128));
    }

    List<Value<TwoTowerConfig>> idDropout = new ArrayList<>();
    if (fixed.idDropout() != null) {
      idDropout.add(idDropout(fixed.idDropout()));
    } else {
      idDropout.add(idDropout(0.1f));
      idDropout.add(idDropout(0.3f));
    }

    long examples = data.trainInteractions();
    int epochSteps = (int) Math.max(1, (examples + rule.batchSize() - 1) / rule.batchSize());
    List<Value<TwoTowerConfig>> schedule =
        SearchSpace.schedules(
            fixed,
            rule.learningRate(),
            HIGH_LEARNING_RATE,
            Math.max(20, Math.min(1000, epochSteps)),
            TwoTowerConfig::withSchedule);

    return new SearchSpace<>(
        rule,
        List.of(
            new Dimension<>("negatives", negatives, true),
            new Dimension<>("temperature", temperature, true),
            new Dimension<>("dim", width),
            new Dimension<>("learning rate", schedule, true),
            new Dimension<>("id dropout", idDropout, true)));
  }

  private static Value<TwoTowerConfig> negatives(int n) {
    return new Value<>(n == 0 ? "full softmax" : n + " negatives", c -> c.withNegatives(n));
  }

  private static Value<TwoTowerConfig> temperature(float t) {
    return new Value<>("temperature " + t, c -> c.withTemperature(t));
  }

  private static Value<TwoTowerConfig> dim(int d) {
    return new Value<>("dim " + d, c -> c.withDim(d));
  }

  private static Value<TwoTowerConfig> idDropout(float p) {
    return new Value<>("id dropout " + p, c -> c.withIdDropout(p));
  }
}
