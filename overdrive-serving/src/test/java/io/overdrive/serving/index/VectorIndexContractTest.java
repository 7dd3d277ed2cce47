package io.overdrive.serving.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import io.overdrive.retrieval.SyntheticEmbeddings;
import io.overdrive.serving.faiss.FaissLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend behaves the same: recall against the exact scan, mutations, exclusions, snapshots.
 */
class VectorIndexContractTest {
  static final int N = 8_000;
  static final int DIM = 64;
  static final SyntheticEmbeddings GEN = new SyntheticEmbeddings(DIM, 16, 0.5, 42);
  static final ItemEmbeddings ITEMS = GEN.items("v1", N);
  static final float[][] QUERIES = GEN.queries(100);
  static final ExactRetriever TRUTH = new ExactRetriever(ITEMS);
  // mutations and snapshots need no big index
  static final int SMALL_N = 2_000;
  static final ItemEmbeddings SMALL = GEN.items("v1", SMALL_N);
  static final ExactRetriever SMALL_TRUTH = new ExactRetriever(SMALL);

  @TempDir Path tmp;

  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of(IndexBackend.EXACT, "Flat", 1.0),
        Arguments.of(IndexBackend.JVECTOR, "HNSW32", 0.95),
        Arguments.of(IndexBackend.FAISS, "Flat", 1.0),
        Arguments.of(IndexBackend.FAISS, "HNSW32", 0.95),
        Arguments.of(IndexBackend.FAISS, "IVF64,Flat", 0.9));
  }

  private static VectorIndex build(IndexBackend backend, String factory) {
    return build(backend, factory, ITEMS);
  }

  private static VectorIndex build(IndexBackend backend, String factory, ItemEmbeddings items) {
    if (backend == IndexBackend.FAISS) {
      assumeTrue(
          FaissLibrary.available(),
          () -> "FAISS skipped: " + FaissLibrary.unavailableReason().get());
    }
    IndexSpec spec = IndexSpec.of(backend, factory).withSearch(128, 16);
    return VectorIndexes.build(spec, items);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void agreesWithTheExactScan(IndexBackend backend, String factory, double minRecall) {
    try (VectorIndex index = build(backend, factory)) {
      assertThat(index.size()).isEqualTo(N);
      double recall = 0;
      for (float[] q : QUERIES) {
        List<ScoredItem> found = index.search(q, 10, Set.of());
        List<ScoredItem> truth = TRUTH.search(q, 10, Set.of());
        recall += SyntheticEmbeddings.recall(truth, found);
        // scores are the inner products of query and item, best first
        for (int i = 0; i < found.size(); i++) {
          float[] v = TRUTH.vector(found.get(i).itemId()).orElseThrow();
          assertThat(found.get(i).score()).isCloseTo(dot(q, v), offset(1e-4f));
          if (i > 0) {
            assertThat(found.get(i).score()).isLessThanOrEqualTo(found.get(i - 1).score() + 1e-6f);
          }
        }
      }
      assertThat(recall / QUERIES.length).isGreaterThanOrEqualTo(minRecall);
    }
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void upsertsDeletesAndExclusionsAreVisibleToTheNextSearch(
      IndexBackend backend, String factory, double minRecall) {
    try (VectorIndex index = build(backend, factory, SMALL)) {
      float[] q = QUERIES[0];
      String best = SMALL_TRUTH.search(q, 1, Set.of()).get(0).itemId();

      index.upsert(List.of(new ItemVector("fresh", q.clone())));
      assertThat(index.search(q, 1, Set.of()).get(0).itemId()).isEqualTo("fresh");
      assertThat(index.size()).isEqualTo(SMALL_N + 1);
      assertThat(index.search(q, 5, Set.of("fresh", best)))
          .extracting(ScoredItem::itemId)
          .hasSize(5)
          .doesNotContain("fresh", best);

      // replacing a vector: the item moves, and appears once
      float[] away = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        away[d] = -q[d];
      }
      index.upsert(List.of(new ItemVector("fresh", away)));
      assertThat(index.size()).isEqualTo(SMALL_N + 1);
      assertThat(index.search(q, 20, Set.of()))
          .extracting(ScoredItem::itemId)
          .doesNotContain("fresh");
      assertThat(index.search(away, 1, Set.of()).get(0).itemId()).isEqualTo("fresh");

      assertThat(index.delete(List.of("fresh", best, "never-indexed"))).isEqualTo(2);
      assertThat(index.size()).isEqualTo(SMALL_N - 1);
      assertThat(index.contains(best)).isFalse();
      assertThat(index.search(q, 20, Set.of()))
          .extracting(ScoredItem::itemId)
          .doesNotContain(best, "fresh");
      assertThat(index.search(away, 5, Set.of()))
          .extracting(ScoredItem::itemId)
          .doesNotContain("fresh");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void snapshotLoadsBackWithTheSameAnswersAndMutations(
      IndexBackend backend, String factory, double minRecall) throws Exception {
    IndexSpec spec = IndexSpec.of(backend, factory).withSearch(128, 16);
    try (VectorIndex index = build(backend, factory, SMALL)) {
      index.upsert(List.of(new ItemVector("fresh", QUERIES[1].clone())));
      index.delete(List.of("i7"));
      index.save(tmp);
      try (VectorIndex loaded = VectorIndexes.load(spec, tmp)) {
        assertThat(loaded.size()).isEqualTo(index.size());
        assertThat(loaded.dimension()).isEqualTo(DIM);
        assertThat(loaded.contains("i7")).isFalse();
        for (int i = 0; i < 10; i++) {
          assertThat(loaded.search(QUERIES[i], 10, Set.of()))
              .extracting(ScoredItem::itemId)
              .isEqualTo(
                  index.search(QUERIES[i], 10, Set.of()).stream().map(ScoredItem::itemId).toList());
        }
        assertThat(loaded.vector("fresh"))
            .hasValueSatisfying(v -> assertThat(v).containsExactly(QUERIES[1]));
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void aClosedIndexRefusesCalls(IndexBackend backend, String factory, double minRecall) {
    VectorIndex index = build(backend, factory, SMALL);
    index.close();
    index.close();
    assertThatThrownBy(() -> index.search(QUERIES[0], 3, Set.of()))
        .isInstanceOf(IndexClosedException.class);
  }
}
