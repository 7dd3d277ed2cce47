package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureVector;
import io.overdrive.interests.ItemInterests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate item as it moves through the pipeline: hydrated item and stats, its interests, its
 * {@link FeatureVector} (the signals scorers produce, each named by a {@link FeatureSlot}), the
 * blended score and the reasons stages add. Signals outside the layout may be recorded by name
 * (informational: the blender weighs slots only).
 */
public final class Candidate {
  private Item item;
  private ItemStats stats = ItemStats.EMPTY;
  private ItemInterests interests = ItemInterests.NONE;
  private final FeatureVector features = new FeatureVector();
  private Map<String, Double> extraSignals;
  private Map<String, String> extraDetails;
  private List<String> reasons;
  private double score;
  private String dropReason;

  public Candidate(Item item) {
    this.item = item;
  }

  public String id() {
    return item.id();
  }

  public Item item() {
    return item;
  }

  public void item(Item item) {
    this.item = item;
  }

  public ItemStats stats() {
    return stats;
  }

  public void stats(ItemStats stats) {
    this.stats = stats;
  }

  /** Canonical interests of the item with their groupings (from its hashtags and text). */
  public List<String> interests() {
    return interests.interests();
  }

  /** The item's interests with how much of the item each is. */
  public ItemInterests weightedInterests() {
    return interests;
  }

  public void interests(ItemInterests interests) {
    this.interests = interests;
  }

  /** Sets interests that each count fully (weight 1). */
  public void interests(List<String> interests) {
    double[] ones = new double[interests.size()];
    java.util.Arrays.fill(ones, 1.0);
    this.interests = new ItemInterests(List.copyOf(interests), ones);
  }

  public FeatureVector features() {
    return features;
  }

  /** Records a signal in its slot; {@code detail} says what drove it ("gaming", "a17"), or null. */
  public void signal(FeatureSlot slot, double value, String detail) {
    features.set(slot, value, detail);
  }

  /**
   * Records a signal by name: into its {@link FeatureSlot} when the layout has one (every name in
   * {@link Signals} does), otherwise as an extra, informational signal.
   */
  public void signal(String name, double value, String detail) {
    FeatureSlot slot = FeatureSlot.byName(name);
    if (slot != null) {
      features.set(slot, value, detail);
      return;
    }
    if (extraSignals == null) {
      extraSignals = new LinkedHashMap<>();
      extraDetails = new LinkedHashMap<>();
    }
    extraSignals.put(name, value);
    if (detail != null) {
      extraDetails.put(name, detail);
    }
  }

  /** Every signal recorded, slots in layout order then extras (allocates: not for hot loops). */
  public Map<String, Double> signals() {
    Map<String, Double> out = features.asMap();
    if (extraSignals != null) {
      out.putAll(extraSignals);
    }
    return out;
  }

  /** Signals recorded outside the layout, by name (empty when none). */
  public Map<String, Double> extraSignals() {
    return extraSignals == null ? Map.of() : extraSignals;
  }

  public double signal(String name) {
    FeatureSlot slot = FeatureSlot.byName(name);
    if (slot != null) {
      return features.get(slot);
    }
    return extraSignals == null ? 0.0 : extraSignals.getOrDefault(name, 0.0);
  }

  public boolean hasSignal(String name) {
    FeatureSlot slot = FeatureSlot.byName(name);
    if (slot != null) {
      return features.has(slot);
    }
    return extraSignals != null && extraSignals.containsKey(name);
  }

  public String signalDetail(String name) {
    FeatureSlot slot = FeatureSlot.byName(name);
    if (slot != null) {
      return features.detail(slot);
    }
    return extraDetails == null ? null : extraDetails.get(name);
  }

  public double score() {
    return score;
  }

  public void score(double score) {
    this.score = score;
  }

  /** Reasons stages added beyond the blended signals ("ExplorationMixer:exploration:travel"). */
  public List<String> reasons() {
    if (reasons == null) {
      reasons = new ArrayList<>(2);
    }
    return reasons;
  }

  public void drop(String reason) {
    this.dropReason = reason;
  }

  public boolean dropped() {
    return dropReason != null;
  }

  public String dropReason() {
    return dropReason;
  }
}
