package io.overdrive.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.overdrive.features.LearningSettings;
import io.overdrive.store.InMemoryFeatureStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served-ranking log gathers rankings for a moment before writing them (one store call for
 * many): every ranking it was handed is still counted, whether the caller flushes or closes it.
 */
class InProcessRankingLogTest {
  private static final Arm ARM = new Arm("feed-test", "control");
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private final LearningSettings learning = LearningSettings.defaults();
  private final InMemoryFeatureStore store =
      new InMemoryFeatureStore(
          learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private InProcessRankingLog log() {
    return new InProcessRankingLog(store, null, new OutcomeMetrics(registry), registry, 1_000);
  }

  private static ServedRanking ranking(int i) {
    return new ServedRanking(
        RankingIds.next(ARM.code()),
        "u" + i,
        ARM.experiment(),
        ARM.variant(),
        "",
        "request",
        T0,
        List.of(new ServedRanking.Item("i" + i, 0, 0.5)));
  }

  private double rankings() {
    return store.outcomes().arm(ARM).get(OutcomeField.RANKINGS);
  }

  @Test
  void everyRankingHandedIsCountedOnFlush() throws InterruptedException {
    try (InProcessRankingLog log = log()) {
      for (int i = 0; i < 250; i++) {
        log.record(ranking(i));
        if (i % 50 == 0) {
          log.flush();
          assertThat(rankings()).isEqualTo(i + 1);
        }
      }
      log.flush();
      assertThat(rankings()).isEqualTo(250);
    }
  }

  @Test
  void closingWritesWhatIsQueued() {
    InProcessRankingLog log = log();
    for (int i = 0; i < 30; i++) {
      log.record(ranking(i));
    }
    log.close();
    assertThat(rankings()).isEqualTo(30);
  }
}
