package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import io.overdrive.features.FeatureSlot;
import io.overdrive.features.FeatureValues;
import io.overdrive.features.FeatureVector;
import io.overdrive.interests.ItemInterests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A candidate item as it moves through the pipeline: hydrated item and stats, its interests, its
 * {@link FeatureVector} (the signals scorers produce, each named by a {@link FeatureSlot}), the
 * blended score and the reasons selectors add.
 *
 * <p>Stages read it; only the pipeline changes it (the setters are package-private), through the
 * writer it hands a hydrator or scorer, which holds the stage to the slots it declares.
 */
public final class Candidate {
  private Item item;
  private ItemStats stats = ItemStats.EMPTY;
  private ItemInterests interests = ItemInterests.NONE;
  private final FeatureVector features;
  private List<String> reasons;
  private double score;
  private java.time.Instant takenDownAt;

  Candidate(Item item) {
    this(item, new FeatureVector());
  }

  /** With an empty vector the ranking provides (a {@link io.overdrive.features.FeatureSlab}'s). */
  Candidate(Item item, FeatureVector features) {
    this.item = item;
    this.features = features;
  }

  public String id() {
    return item.id();
  }

  public Item item() {
    return item;
  }

  void item(Item item) {
    this.item = item;
  }

  public ItemStats stats() {
    return stats;
  }

  void stats(ItemStats stats) {
    this.stats = stats;
  }

  /** Whether the catalogue says the item was taken down (it is then never served). */
  public boolean takenDown() {
    return takenDownAt != null;
  }

  void takenDownAt(java.time.Instant at) {
    this.takenDownAt = at;
  }

  /** Canonical interests of the item with their groupings (from its hashtags and text). */
  public List<String> interests() {
    return interests.interests();
  }

  /** The item's interests with how much of the item each is. */
  public ItemInterests weightedInterests() {
    return interests;
  }

  void interests(ItemInterests interests) {
    this.interests = interests;
  }

  /** The item's features for this user (read-only: stages write through the pipeline's writers). */
  public FeatureValues features() {
    return features;
  }

  FeatureVector vector() {
    return features;
  }

  /** Every signal recorded, by slot name in layout order (allocates: not for hot loops). */
  public Map<String, Double> signals() {
    return features.asMap();
  }

  /** A signal's value by slot name (0 when absent or unknown). */
  public double signal(String name) {
    FeatureSlot slot = FeatureSlot.byName(name);
    return slot == null ? 0.0 : features.get(slot);
  }

  /** The blended score (0 before the blender ran). */
  public double score() {
    return score;
  }

  void score(double score) {
    this.score = score;
  }

  /** Reasons selectors added beyond the blended signals ("ExplorationMixer:exploration:travel"). */
  public List<String> reasons() {
    return reasons == null ? List.of() : java.util.Collections.unmodifiableList(reasons);
  }

  void addReason(String reason) {
    if (reasons == null) {
      reasons = new ArrayList<>(2);
    }
    reasons.add(reason);
  }
}
