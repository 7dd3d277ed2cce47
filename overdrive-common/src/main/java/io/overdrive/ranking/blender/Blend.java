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
 * <p>A {@link TrainedBlend} (fitted by the trainer, shipped with the model version) replaces this
 * for users it applies to: fixed weights per slot, {@code base + p * maturity}, no renormalization
 * (an absent slot counts 0, as in the fit), negative weights allowed.
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

  /** The trained blend's weight per slot at this user's p; null for the hand-set blend. */
  private final double[] fixed;

  private final long fixedMask;

  private Blend(RankingSettings settings, double personalization) {
    this.personalization = Math.max(0, Math.min(1, personalization));
    this.coldMask = fill(cold, settings.coldWeights());
    this.learnedMask = fill(learned, settings.learnedWeights());
    this.fixed = null;
    this.fixedMask = 0;
  }

  private Blend(TrainedBlend trained, double personalization) {
    this.personalization = Math.max(0, Math.min(1, personalization));
    this.coldMask = 0;
    this.learnedMask = 0;
    this.fixed = new double[FeatureVector.SIZE];
    long mask = 0;
    for (Map.Entry<FeatureSlot, TrainedBlend.Weight> e : trained.weights().entrySet()) {
      double w = e.getValue().at(this.personalization);
      if (w != 0) {
        fixed[e.getKey().ordinal()] = w;
        mask |= 1L << e.getKey().ordinal();
      }
    }
    this.fixedMask = mask;
  }

  /** The hand-set maturity blend of the settings. */
  public static Blend of(RankingSettings settings, double personalization) {
    return new Blend(settings, personalization);
  }

  /** A trained blend at the user's personalization. */
  public static Blend trained(TrainedBlend trained, double personalization) {
    return new Blend(trained, personalization);
  }

  /** Whether this is a trained blend (else the hand-set maturity blend). */
  public boolean isTrained() {
    return fixed != null;
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
    if (fixed != null) {
      double score = 0;
      long bits = present & fixedMask;
      while (bits != 0) {
        int i = Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        score += f.get(i) * fixed[i];
      }
      return score;
    }
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
    if (fixed != null) {
      return fixed[i];
    }
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
    long bits = present & (coldMask | learnedMask | fixedMask);
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      double weight = fixed != null ? fixed[i] : coldFactor * cold[i] + learnedFactor * learned[i];
      if (weight == 0 || (fixed == null && weight < 0)) {
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
