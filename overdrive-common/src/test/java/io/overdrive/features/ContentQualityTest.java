package io.overdrive.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.domain.Item;
import io.overdrive.domain.ItemStats;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentQualityTest {

  @Test
  void givenScoreIsKeptWhenNobodyComplains() {
    Item item = new Item("x", "a", "text", List.of(), List.of(), null, null, 0.8);
    assertThat(quality(item, ItemStats.EMPTY)).isEqualTo(0.8);
  }

  @Test
  void reportsPullQualityDown() {
    Item item = new Item("x", "a", "text", List.of(), List.of(), null, null, 0.8);
    ItemStats reported = new ItemStats(1000, 500, 10, 0, 0, 0, 100, 20, 40, 0, 0, 0);
    assertThat(quality(item, reported)).isLessThan(0.3);
  }

  @Test
  void formPriorRewardsMediaAndPunishesHashtagStuffing() {
    Item plain = new Item("p", "a", "hi", List.of(), List.of(), null, null, null);
    Item rich =
        new Item(
            "r",
            "a",
            "a short walk through the old town at dusk",
            List.of("travel"),
            List.of("video"),
            null,
            null,
            null);
    Item stuffed =
        new Item("s", "a", "buy now", Collections.nCopies(12, "sale"), List.of(), null, null, null);
    assertThat(ContentQuality.formPrior(rich)).isGreaterThan(ContentQuality.formPrior(plain));
    assertThat(ContentQuality.formPrior(stuffed)).isLessThan(ContentQuality.formPrior(plain));
  }

  private static double quality(Item item, ItemStats stats) {
    return ContentQuality.of(item, stats, EngagementFeatures.of(item, stats));
  }
}
