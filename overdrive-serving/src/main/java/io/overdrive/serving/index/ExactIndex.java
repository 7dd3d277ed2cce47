package io.overdrive.serving.index;

import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddingFiles;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ScoredItem;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The exact scan of overdrive-common as a {@link VectorIndex}. */
final class ExactIndex implements VectorIndex {
  private final ExactRetriever retriever;
  // close waits for in-flight calls; the retriever has its own lock for data
  private final ReentrantReadWriteLock open = new ReentrantReadWriteLock();
  private boolean closed;

  ExactIndex(ItemEmbeddings embeddings) {
    this.retriever = new ExactRetriever(embeddings);
  }

  static ExactIndex load(Path dir) {
    return new ExactIndex(ItemEmbeddingFiles.read(dir));
  }

  @Override
  public IndexBackend backend() {
    return IndexBackend.EXACT;
  }

  @Override
  public String indexType() {
    return "Flat";
  }

  @Override
  public int dimension() {
    return retriever.dimension();
  }

  @Override
  public long size() {
    return guarded(retriever::size);
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return guarded(() -> retriever.search(query, k, excluded));
  }

  @Override
  public int upsert(List<ItemVector> items) {
    return guarded(
        () -> {
          items.forEach(i -> retriever.upsert(i.itemId(), i.vector()));
          return items.size();
        });
  }

  @Override
  public int delete(Collection<String> itemIds) {
    return guarded(
        () -> {
          int n = 0;
          for (String id : itemIds) {
            n += retriever.delete(id) ? 1 : 0;
          }
          return n;
        });
  }

  @Override
  public boolean contains(String itemId) {
    return guarded(() -> retriever.contains(itemId));
  }

  @Override
  public Optional<float[]> vector(String itemId) {
    return guarded(() -> retriever.vector(itemId));
  }

  @Override
  public void save(Path dir) {
    guarded(
        () -> {
          ItemEmbeddingFiles.write(dir, retriever.snapshot());
          return null;
        });
  }

  @Override
  public void close() {
    open.writeLock().lock();
    closed = true;
    open.writeLock().unlock();
  }

  private <T> T guarded(java.util.function.Supplier<T> call) {
    open.readLock().lock();
    try {
      if (closed) {
        throw new IndexClosedException();
      }
      return call.get();
    } finally {
      open.readLock().unlock();
    }
  }
}
