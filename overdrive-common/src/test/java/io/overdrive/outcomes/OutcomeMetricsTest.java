package io.overdrive.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OutcomeMetricsTest {
  private static final Arm ARM = new Arm("feed-v2", "control");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OutcomeMetrics metrics = new OutcomeMetrics(registry);

  @Test
  void likesCountedBeforeTheArmIsNamedMoveToItsNamesWhenLearned() {
    metrics.record(likes(3));
    assertThat(likeCount("unknown", ARM.code())).isEqualTo(3);

    metrics.learn(ARM);
    metrics.record(likes(2));

    assertThat(likeCount("feed-v2", "control")).isEqualTo(5);
    assertThat(
            registry
                .find("overdrive.experiment.engagements")
                .tag("experiment", "unknown")
                .counters())
        .as("the unnamed series are gone, so a sum by experiment and variant counts each like once")
        .isEmpty();
    assertThat(
            registry
                .find("overdrive.experiment.engagements")
                .tag("type", "like")
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(5);
  }

  @Test
  void anArmNamedFirstIsCountedUnderItsNamesOnly() {
    metrics.learn(ARM);
    metrics.record(likes(4));
    metrics.learn(ARM); // learning it again changes nothing

    assertThat(likeCount("feed-v2", "control")).isEqualTo(4);
    assertThat(
            registry
                .find("overdrive.experiment.engagements")
                .tag("experiment", "unknown")
                .counters())
        .isEmpty();
  }

  private ArmCounts likes(int n) {
    long[] counts = new long[OutcomeField.PLAIN];
    counts[OutcomeField.LIKES.ordinal()] = n;
    return new ArmCounts.Builder().add(ARM.code(), counts).build();
  }

  private double likeCount(String experiment, String variant) {
    return registry
        .get("overdrive.experiment.engagements")
        .tags("experiment", experiment, "variant", variant, "type", "like")
        .counter()
        .count();
  }
}
