package io.overdrive.ranking.blender;

import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureValues;
import io.overdrive.features.FeatureVector;
import io.overdrive.ranking.Candidate;
import io.overdrive.ranking.Contribution;
import io.overdrive.ranking.RankingSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The maturity blend of one request: {@code score = sum over signals of value * share}, where a
 * signal's share is {@code (1 - p) * cold_w / sum(cold_w) + p * learned_w / sum(learned_w)}, the
 * sums running over the signals this candidate has. So a signal no stage produced (no model loaded)
 * gives its weight to the others, and the shares always add up to 1. {@code p} is the user's
 * personalization on the maturity curve.
 *
 * <p>Weights are arrays by slot, built once per request; scoring a candidate allocates nothing.
 */
public final class Blend {
  /** A signal contributing less than this is not named among an item's reasons. */
  public static final double REASON_MIN_CONTRIBUTION = 0.04;

  /** At most this many signals are named among an item's reasons. */
  public static final int MAX_REASONS = 3;

  private final double personalization;
  private final double[] cold = new double[FeatureVector.SIZE];
  private final double[] learned = new double[FeatureVector.SIZE];
  private final long coldMask;
  private final long learnedMask;

  private Blend(RankingSettings settings, double personalization) {
    this.personalization = Math.max(0, Math.min(1, personalization));
    this.coldMask = fill(cold, settings.coldWeights());
    this.learnedMask = fill(learned, settings.learnedWeights());
  }

  public static Blend of(RankingSettings settings, double personalization) {
    return new Blend(settings, personalization);
  }

  private static long fill(double[] into, Map<String, Double> weights) {
    long mask = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      FeatureSlot slot = FeatureSlot.byName(e.getKey());
      if (slot != null && e.getValue() > 0) {
        into[slot.ordinal()] = e.getValue();
        mask |= 1L << slot.ordinal();
      }
    }
    return mask;
  }

  public double personalization() {
    return personalization;
  }

  /** The blended score of a feature vector. */
  public double score(FeatureValues f) {
    long present = f.presentMask();
    double coldFactor = coldFactor(present);
    double learnedFactor = learnedFactor(present);
    double score = 0;
    long bits = present & (coldMask | learnedMask);
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      score += f.get(i) * (coldFactor * cold[i] + learnedFactor * learned[i]);
    }
    return score;
  }

  /** A signal's share of the score for a vector with these slots present (0 when unweighted). */
  public double share(FeatureValues f, FeatureSlot slot) {
    if (!f.has(slot)) {
      return 0;
    }
    long present = f.presentMask();
    int i = slot.ordinal();
    return coldFactor(present) * cold[i] + learnedFactor(present) * learned[i];
  }

  /** {@code (1 - p) / sum(cold_w present)}, taking the learned side's factor when it is empty. */
  private double coldFactor(long present) {
    double coldTotal = total(cold, present & coldMask);
    double learnedTotal = total(learned, present & learnedMask);
    if (coldTotal <= 0) {
      return 0;
    }
    double side = learnedTotal <= 0 ? 1 : 1 - personalization;
    return side / coldTotal;
  }

  private double learnedFactor(long present) {
    double coldTotal = total(cold, present & coldMask);
    double learnedTotal = total(learned, present & learnedMask);
    if (learnedTotal <= 0) {
      return 0;
    }
    double side = coldTotal <= 0 ? 1 : personalization;
    return side / learnedTotal;
  }

  private static double total(double[] w, long bits) {
    double t = 0;
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      t += w[i];
    }
    return t;
  }

  /**
   * Every weighted signal's part in the candidate's score, largest first.
   *
   * @param producerOf the stage that wrote a slot in this request
   */
  public List<Contribution> contributions(Candidate c, Function<FeatureSlot, String> producerOf) {
    FeatureValues f = c.features();
    long present = f.presentMask();
    double coldFactor = coldFactor(present);
    double learnedFactor = learnedFactor(present);
    List<Contribution> out = new ArrayList<>();
    long bits = present & (coldMask | learnedMask);
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      double weight = coldFactor * cold[i] + learnedFactor * learned[i];
      if (weight <= 0) {
        continue;
      }
      FeatureSlot slot = FeatureSlot.at(i);
      String stage = producerOf.apply(slot);
      out.add(
          new Contribution(
              stage == null ? "unknown" : stage,
              slot.slotName(),
              f.detail(slot),
              f.get(i),
              weight));
    }
    out.sort(Comparator.comparingDouble(Contribution::contribution).reversed());
    return out;
  }

  /**
   * The reasons of a selected candidate: its strongest contributions as {@code
   * Stage:signal[:detail]} words, the personal ones (interests, authors, models: why for this user)
   * before the priors every user shares (engagement, quality, freshness), then the reasons
   * selection stages added.
   */
  public static List<String> reasons(List<Contribution> contributions, Candidate c) {
    List<String> out = new ArrayList<>(MAX_REASONS + 2);
    for (boolean personal : new boolean[] {true, false}) {
      for (Contribution k : contributions) {
        if (out.size() == MAX_REASONS || k.contribution() < REASON_MIN_CONTRIBUTION) {
          break;
        }
        if (isPrior(k.signal()) != personal) {
          out.add(k.reason());
        }
      }
    }
    out.addAll(c.reasons());
    return out;
  }

  private static boolean isPrior(String signal) {
    return signal.equals(FeatureSlot.ENGAGEMENT.slotName())
        || signal.equals(FeatureSlot.QUALITY.slotName())
        || signal.equals(FeatureSlot.FRESHNESS.slotName());
  }
}
