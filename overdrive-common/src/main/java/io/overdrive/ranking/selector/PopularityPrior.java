package io.overdrive.ranking.selector;

import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureValues;
import io.overdrive.ranking.RankingSettings;
import java.util.List;

/**
 * What anyone would think of an item, knowing nothing of the user: the engagement, quality and
 * freshness signals weighted as the cold-start weights weigh them, normalised to [0, 1]. Ranks the
 * exploration picks, and is the whole cold score of a user who declared nothing.
 */
public final class PopularityPrior {
  static final List<FeatureSlot> SLOTS =
      List.of(FeatureSlot.ENGAGEMENT, FeatureSlot.QUALITY, FeatureSlot.FRESHNESS);

  private final double[] weights = new double[SLOTS.size()];

  public PopularityPrior(RankingSettings settings) {
    double total = 0;
    for (int i = 0; i < SLOTS.size(); i++) {
      weights[i] = settings.coldWeights().getOrDefault(SLOTS.get(i).slotName(), 0.0);
      total += weights[i];
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] = total > 0 ? weights[i] / total : 1.0 / weights.length;
    }
  }

  public double of(FeatureValues f) {
    double s = 0;
    for (int i = 0; i < weights.length; i++) {
      s += weights[i] * f.get(SLOTS.get(i));
    }
    return s;
  }
}
