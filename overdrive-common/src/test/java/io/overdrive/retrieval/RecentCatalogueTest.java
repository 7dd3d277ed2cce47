package io.overdrive.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentCatalogueTest {
  private static List<String> ids(List<ScoredItem> hits) {
    return hits.stream().map(ScoredItem::itemId).toList();
  }

  @Test
  void newestFirstWithoutExcludedItemsAndAnItemSeenAgainMovesToTheFront() {
    RecentCatalogue c = new RecentCatalogue(10);
    c.add(List.of("a", "b", "c", "d"));
    c.add(List.of("b"));
    assertThat(ids(c.newest(3, Set.of()))).containsExactly("b", "d", "c");
    assertThat(ids(c.searchForUser("u", 10, Set.of("d")))).containsExactly("b", "c", "a");
    List<ScoredItem> hits = c.search(new float[0], 4, Set.of());
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(3).score());
  }

  @Test
  void keepsOnlyTheNewestCapacityItems() {
    RecentCatalogue c = new RecentCatalogue(3);
    c.add(List.of("a", "b", "c", "d", "e"));
    assertThat(c.size()).isEqualTo(3);
    assertThat(ids(c.newest(10, Set.of()))).containsExactly("e", "d", "c");
  }

  @Test
  void refusesANonPositiveK() {
    assertThatThrownBy(() -> new RecentCatalogue(3).newest(0, Set.of()))
        .isInstanceOf(InvalidInputException.class);
  }
}
