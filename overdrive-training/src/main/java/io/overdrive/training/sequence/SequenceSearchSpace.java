package io.overdrive.training.sequence;

import io.overdrive.training.search.DataStats;
import io.overdrive.training.search.FixedSettings;
import io.overdrive.training.search.SearchSpace;
import io.overdrive.training.search.SearchSpace.Dimension;
import io.overdrive.training.search.SearchSpace.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence model's settings search: the rule's start from the data's shape and the dimensions
 * tried around it (docs/training.md, "Settings search"; decision 0406).
 *
 * <p>The rule follows SASRec's published settings: on long MovieLens-like sequences dropout 0.2 and
 * the last 200 items; on short, sparse sequences (Amazon reviews) dropout 0.5 and the last 50. A
 * full softmax up to 20,000 items, 2,048 sampled negatives above. Width 64, learning rate 1e-3
 * without warm-up.
 *
 * <p>Each searched dimension has one alternative, and regularisation is only ever tried stronger
 * than the rule's: successive halving compares candidates early, when a less regularised model is
 * ahead because it learns faster, before it over-fits (measured on the sparse synthetic file:
 * dropout 0.2 led 0.5 until epoch 45 and then stopped at a lower peak). A stronger alternative wins
 * only by showing, within the search's horizon, that the rule over-fits. Hence: dropout 0.5 on
 * dense data, 0.7 on sparse; width 128 on dense data (more data per item), 32 on sparse. Dimensions
 * are ordered by how much they are expected to matter on data of this shape, so a small budget
 * tries the likeliest first.
 */
public final class SequenceSearchSpace {
  static final int SHORT_MAX_LENGTH = 50;
  static final int LONG_MAX_LENGTH = 200;
  static final float HIGH_LEARNING_RATE = 3e-3f;

  private SequenceSearchSpace() {}

  public static SearchSpace<SequenceConfig> of(DataStats data, FixedSettings fixed) {
    SequenceConfig rule = SequenceConfig.defaults(data.items(), data.users());
    // blocks, heads and label smoothing are not searched (on MovieLens-100K neither beat the rule:
    // decision 0406);
    // a flag sets them for every candidate
    if (fixed.blocks() != null) {
      rule = rule.withBlocks(fixed.blocks());
    }
    if (fixed.heads() != null) {
      rule = rule.withHeads(fixed.heads());
    }
    if (fixed.labelSmoothing() != null) {
      rule = rule.withLabelSmoothing(fixed.labelSmoothing());
    }
    boolean sparse = data.sparse();

    List<Value<SequenceConfig>> dropout = new ArrayList<>();
    if (fixed.dropout() != null) {
      dropout.add(dropout(fixed.dropout()));
    } else {
      dropout.add(dropout(sparse ? 0.5f : 0.2f));
      dropout.add(dropout(sparse ? 0.7f : 0.5f));
    }

    List<Value<SequenceConfig>> length = new ArrayList<>();
    if (fixed.maxLength() != null) {
      length.add(maxLength(fixed.maxLength()));
    } else if (data.maxLength() <= SHORT_MAX_LENGTH) {
      length.add(maxLength(SHORT_MAX_LENGTH)); // every sequence fits: a longer window is the same
    } else {
      boolean shortFirst = sparse || data.p90Length() <= SHORT_MAX_LENGTH;
      length.add(maxLength(shortFirst ? SHORT_MAX_LENGTH : LONG_MAX_LENGTH));
      length.add(maxLength(shortFirst ? LONG_MAX_LENGTH : SHORT_MAX_LENGTH));
    }

    List<Value<SequenceConfig>> negatives = new ArrayList<>();
    boolean sampledCheaper = false; // the alternative samples where the rule's softmax is full
    if (fixed.negatives() != null) {
      negatives.add(negatives(fixed.negatives()));
    } else if (data.items() <= 2 * SequenceConfig.SAMPLED_NEGATIVES) {
      negatives.add(negatives(0)); // sampling half the catalogue saves little
    } else {
      boolean fullFirst = data.items() <= SequenceConfig.FULL_SOFTMAX_MAX_ITEMS;
      negatives.add(negatives(fullFirst ? 0 : SequenceConfig.SAMPLED_NEGATIVES));
      negatives.add(negatives(fullFirst ? SequenceConfig.SAMPLED_NEGATIVES : 0));
      sampledCheaper = fullFirst;
    }

    List<Value<SequenceConfig>> width = new ArrayList<>();
    if (fixed.dim() != null) {
      width.add(dim(fixed.dim()));
    } else {
      width.add(dim(64));
      width.add(dim(sparse ? 32 : 128));
    }

    int epochSteps = Math.max(1, (data.users() + rule.batchSize() - 1) / rule.batchSize());
    List<Value<SequenceConfig>> schedule =
        SearchSpace.schedules(
            fixed,
            rule.learningRate(),
            HIGH_LEARNING_RATE,
            warmupSteps(epochSteps),
            SequenceConfig::withSchedule);

    // The negatives come first wherever they are searched (a catalogue above 4,096 items), on
    // any shape: there the full softmax is most of a step's cost (on 10,381 items an epoch took
    // 33.5 s with it, 4.6 s with 2,048 negatives), so within a CPU budget the choice decides how
    // many epochs every other setting gets. Then the order expected to matter on the shape.
    List<Dimension<SequenceConfig>> dims = new ArrayList<>();
    // sampled negatives against the rule's full softmax: 5-6x cheaper an epoch on 10,000-12,000
    // items, so when the rule is too slow for any search they are measured and counted in their
    // own epochs (SettingsSearch, "a cheaper alternative")
    dims.add(new Dimension<>("negatives", negatives, true, sampledCheaper));
    if (sparse) {
      dims.add(new Dimension<>("dim", width));
      dims.add(new Dimension<>("dropout", dropout, true));
      dims.add(new Dimension<>("max length", length));
    } else {
      dims.add(new Dimension<>("dropout", dropout, true));
      dims.add(new Dimension<>("max length", length));
      dims.add(new Dimension<>("dim", width));
    }
    dims.add(new Dimension<>("learning rate", schedule, true));
    return new SearchSpace<>(rule, dims);
  }

  /** About two epochs of steps, within [20, 1000]. */
  static int warmupSteps(int epochSteps) {
    return Math.max(20, Math.min(1000, 2 * epochSteps));
  }

  private static Value<SequenceConfig> dropout(float p) {
    return new Value<>("dropout " + p, c -> c.withDropout(p));
  }

  private static Value<SequenceConfig> maxLength(int n) {
    return new Value<>("max length " + n, c -> c.withMaxLength(n));
  }

  private static Value<SequenceConfig> negatives(int n) {
    return new Value<>(n == 0 ? "full softmax" : n + " negatives", c -> c.withNegatives(n));
  }

  private static Value<SequenceConfig> dim(int d) {
    return new Value<>("dim " + d, c -> c.withDim(d));
  }
}
