package io.overdrive.training.search;

import java.util.Map;

/**
 * Settings the user fixed on the command line; a fixed setting is not searched. Null = not fixed.
 *
 * @param dim width of both models (sequence: embeddings and blocks; two-tower: output, with a
 *     hidden layer twice as wide)
 * @param dropout the sequence model's dropout
 * @param maxLength the sequence model's longest input
 * @param negatives both models' softmax: 0 = over the whole catalogue, else that many uniformly
 *     drawn negatives per batch
 * @param learningRate both models' Adam learning rate
 * @param warmupSteps both models' learning-rate warm-up in steps (0 = none)
 * @param temperature the two-tower model's softmax temperature
 * @param idDropout the two-tower model's share of ids left out in training
 * @param blocks the sequence model's number of attention blocks
 * @param heads the sequence model's attention heads per block
 * @param labelSmoothing the sequence model's label smoothing
 */
public record FixedSettings(
    Integer dim,
    Float dropout,
    Integer maxLength,
    Integer negatives,
    Float learningRate,
    Integer warmupSteps,
    Float temperature,
    Float idDropout,
    Integer blocks,
    Integer heads,
    Float labelSmoothing) {

  public static final FixedSettings NONE =
      new FixedSettings(null, null, null, null, null, null, null, null, null, null, null);

  /** The fixed settings by name (for the report). */
  public Map<String, Object> toMap() {
    Map<String, Object> all =
        Settings.of(
            "dim", dim,
            "dropout", dropout,
            "max_length", maxLength,
            "negatives", negatives == null ? null : negatives == 0 ? "full" : negatives,
            "learning_rate", learningRate,
            "warmup_steps", warmupSteps,
            "temperature", temperature,
            "id_dropout", idDropout,
            "blocks", blocks,
            "heads", heads,
            "label_smoothing", labelSmoothing);
    all.values().removeIf(v -> v == null);
    return all;
  }
}
