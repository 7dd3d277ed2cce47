package io.overdrive.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExactRetrieverTest {
  private final SyntheticEmbeddings gen = new SyntheticEmbeddings(16, 4, 0.3, 7);
  private final ItemEmbeddings items = gen.items("v1", 500);

  @Test
  void returnsTheItemsWithTheLargestInnerProductBestFirst() {
    ExactRetriever r = new ExactRetriever(items);
    float[] q = gen.queries(1)[0];
    List<ScoredItem> hits = r.search(q, 10, Set.of());

    List<ScoredItem> all = new ArrayList<>();
    for (int i = 0; i < items.count(); i++) {
      all.add(new ScoredItem(items.ids().get(i), ExactRetriever.dot(q, items.row(i), 0, 16)));
    }
    all.sort(Comparator.comparingDouble(ScoredItem::score).reversed());
    assertThat(hits).containsExactlyElementsOf(all.subList(0, 10));
  }

  @Test
  void neverReturnsExcludedItems() {
    ExactRetriever r = new ExactRetriever(items);
    float[] q = gen.queries(1)[0];
    List<ScoredItem> first = r.search(q, 5, Set.of());
    Set<String> seen = Set.of(first.get(0).itemId(), first.get(2).itemId(), "not-indexed");

    List<ScoredItem> again = r.search(q, 5, seen);

    assertThat(again).hasSize(5).extracting(ScoredItem::itemId).doesNotContainAnyElementsOf(seen);
    assertThat(again.get(0)).isEqualTo(first.get(1));
  }

  @Test
  void upsertAndDeleteAreVisibleToTheNextSearch() {
    ExactRetriever r = new ExactRetriever(items);
    float[] q = gen.queries(1)[0];
    r.upsert("fresh", q.clone());
    assertThat(r.search(q, 1, Set.of()).get(0).itemId()).isEqualTo("fresh");
    assertThat(r.size()).isEqualTo(501);

    String moved = items.ids().get(499);
    assertThat(r.delete("fresh")).isTrue();
    assertThat(r.delete(items.ids().get(3))).isTrue();
    assertThat(r.delete("fresh")).isFalse();
    assertThat(r.size()).isEqualTo(499);
    assertThat(r.search(q, 499, Set.of()))
        .extracting(ScoredItem::itemId)
        .doesNotContain("fresh", items.ids().get(3))
        .contains(moved);
    assertThat(r.vector(moved)).hasValueSatisfying(v -> assertThat(v).isEqualTo(items.row(499)));
  }

  @Test
  void askingForMoreThanThereIsReturnsEverything() {
    ExactRetriever r = new ExactRetriever(items);
    assertThat(r.search(gen.queries(1)[0], 10_000, Set.of())).hasSize(500);
    assertThat(new ExactRetriever("v0", 16).search(new float[16], 3, Set.of())).isEmpty();
  }

  @Test
  void badQueriesNameTheField() {
    ExactRetriever r = new ExactRetriever(items);
    assertThatThrownBy(() -> r.search(new float[3], 5, Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("3 dimensions, the index has 16")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("vector");
    assertThatThrownBy(() -> r.search(new float[16], 0, Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("k");
    float[] nan = new float[16];
    nan[2] = Float.NaN;
    assertThatThrownBy(() -> r.search(nan, 5, Set.of())).hasMessageContaining("non-finite");
  }
}
