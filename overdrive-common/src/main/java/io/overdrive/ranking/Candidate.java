package io.overdrive.ranking;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate item as it moves through the pipeline: hydrated item and stats, the signals scorers
 * produce (each named by its scorer, roughly in [-1, 1]), the blended score and the reasons.
 */
public final class Candidate {
  private Item item;
  private ItemStats stats = ItemStats.EMPTY;
  private List<String> interests = List.of();
  private final Map<String, Double> signals = new LinkedHashMap<>();
  private final Map<String, String> signalDetails = new LinkedHashMap<>();
  private final List<String> reasons = new ArrayList<>();
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

  /** Canonical interests of the item (from its hashtags and text). */
  public List<String> interests() {
    return interests;
  }

  public void interests(List<String> interests) {
    this.interests = List.copyOf(interests);
  }

  /** Records a scorer's signal; {@code detail} says what drove it ("gaming", "a17"), or null. */
  public void signal(String name, double value, String detail) {
    signals.put(name, value);
    if (detail != null) {
      signalDetails.put(name, detail);
    }
  }

  public Map<String, Double> signals() {
    return signals;
  }

  public double signal(String name) {
    return signals.getOrDefault(name, 0.0);
  }

  public String signalDetail(String name) {
    return signalDetails.get(name);
  }

  public double score() {
    return score;
  }

  public void score(double score) {
    this.score = score;
  }

  public List<String> reasons() {
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
