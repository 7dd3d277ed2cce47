package io.overdrive.serving.index;

import io.overdrive.retrieval.ScoredItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An inner-product index of item embeddings behind one interface (FAISS, jvector, exact). Searches
 * run concurrently; upserts and deletes are visible to the next search. Once {@link #close()}d,
 * every call throws {@link IndexClosedException}, after in-flight searches have finished.
 */
public interface VectorIndex extends AutoCloseable {

  IndexBackend backend();

  /** The FAISS factory string or the backend's own description ("HNSW32", "jvector M=32"). */
  String indexType();

  /** "cpu" or "gpu:&lt;n&gt;". */
  default String device() {
    return "cpu";
  }

  int dimension();

  /** Items a search can return. */
  long size();

  /** Top k by inner product, best first, never an excluded id. The query is already validated. */
  List<ScoredItem> search(float[] query, int k, Set<String> excluded);

  /** Several queries sharing one exclusion set; backends with a batched kernel override this. */
  default List<List<ScoredItem>> searchBatch(List<float[]> queries, int k, Set<String> excluded) {
    List<List<ScoredItem>> out = new ArrayList<>(queries.size());
    for (float[] q : queries) {
      out.add(search(q, k, excluded));
    }
    return out;
  }

  /** Adds items or replaces their vectors; returns how many were written. */
  int upsert(List<ItemVector> items);

  /** Removes the items; returns how many were present. */
  int delete(Collection<String> itemIds);

  boolean contains(String itemId);

  /** The item's vector as indexed, if present. */
  Optional<float[]> vector(String itemId);

  /**
   * Writes the index into {@code dir} (which exists and is empty) so {@link VectorIndexes} can load
   * it.
   */
  void save(Path dir) throws IOException;

  @Override
  void close();
}
