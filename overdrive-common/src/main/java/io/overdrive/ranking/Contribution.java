package io.overdrive.ranking;

/**
 * One signal's part in an item's blended score: {@code weight * value}, where {@code weight} is the
 * signal's share in the maturity blend for this user.
 *
 * @param stage the stage that produced the signal (its latency metric carries the same name)
 * @param signal the signal's {@link io.overdrive.features.FeatureSlot} name
 * @param detail what drove the value ("gaming", "a17"), or null
 */
public record Contribution(
    String stage, String signal, String detail, double value, double weight) {

  public double contribution() {
    return weight * value;
  }

  /** The reason word: {@code Stage:signal} or {@code Stage:signal:detail}. */
  public String reason() {
    return detail == null ? stage + ":" + signal : stage + ":" + signal + ":" + detail;
  }
}
