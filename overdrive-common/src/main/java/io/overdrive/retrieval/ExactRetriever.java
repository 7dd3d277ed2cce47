package io.overdrive.retrieval;

import io.overdrive.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Exact inner-product search by scanning every item: the standalone retriever and the ground truth
 * the ANN indexes' recall is measured against. Thread-safe: searches run concurrently, upserts and
 * deletes take a write lock.
 */
public final class ExactRetriever implements Retriever {
  private final int dimension;
  private final String modelVersion;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private float[] vectors;
  private final List<String> ids;
  private final Map<String, Integer> rows;

  public ExactRetriever(String modelVersion, int dimension) {
    this(new ItemEmbeddings(modelVersion, dimension, List.of(), new float[0]));
  }

  public ExactRetriever(ItemEmbeddings embeddings) {
    this.dimension = embeddings.dimension();
    this.modelVersion = embeddings.modelVersion();
    this.vectors = Arrays.copyOf(embeddings.vectors(), Math.max(embeddings.vectors().length, 16));
    this.ids = new ArrayList<>(embeddings.ids());
    this.rows = new HashMap<>(embeddings.count() * 2);
    for (int i = 0; i < ids.size(); i++) {
      rows.put(ids.get(i), i);
    }
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    checkQuery(query, k, dimension);
    lock.readLock().lock();
    try {
      Set<Integer> skip = new HashSet<>();
      for (String id : excluded) {
        Integer r = rows.get(id);
        if (r != null) {
          skip.add(r);
        }
      }
      int n = ids.size();
      TopK top = new TopK(Math.min(k, n));
      for (int r = 0; r < n; r++) {
        float s = dot(query, vectors, r * dimension, dimension);
        if (top.accepts(s) && (skip.isEmpty() || !skip.contains(r))) {
          top.offer(s, r);
        }
      }
      return top.drainBestFirst((row, score) -> new ScoredItem(ids.get(row), score));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Adds the item or replaces its vector. */
  public void upsert(String itemId, float[] vector) {
    if (vector.length != dimension) {
      throw new InvalidInputException(
          "vector", "item " + itemId + " has " + vector.length + " dims, expected " + dimension);
    }
    lock.writeLock().lock();
    try {
      Integer r = rows.get(itemId);
      if (r == null) {
        r = ids.size();
        ids.add(itemId);
        rows.put(itemId, r);
        if ((r + 1) * dimension > vectors.length) {
          vectors = Arrays.copyOf(vectors, Math.max(vectors.length * 2, (r + 1) * dimension));
        }
      }
      System.arraycopy(vector, 0, vectors, r * dimension, dimension);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the item; false when it was not there. The last row moves into its place. */
  public boolean delete(String itemId) {
    lock.writeLock().lock();
    try {
      Integer r = rows.remove(itemId);
      if (r == null) {
        return false;
      }
      int last = ids.size() - 1;
      if (r != last) {
        String moved = ids.get(last);
        ids.set(r, moved);
        rows.put(moved, r);
        System.arraycopy(vectors, last * dimension, vectors, r * dimension, dimension);
      }
      ids.remove(last);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** A copy of the item's vector, if the item is here. */
  public Optional<float[]> vector(String itemId) {
    lock.readLock().lock();
    try {
      Integer r = rows.get(itemId);
      if (r == null) {
        return Optional.empty();
      }
      return Optional.of(Arrays.copyOfRange(vectors, r * dimension, (r + 1) * dimension));
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean contains(String itemId) {
    lock.readLock().lock();
    try {
      return rows.containsKey(itemId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A consistent copy of everything held (for snapshots). */
  public ItemEmbeddings snapshot() {
    lock.readLock().lock();
    try {
      return new ItemEmbeddings(
          modelVersion, dimension, ids, Arrays.copyOf(vectors, ids.size() * dimension));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return ids.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public String modelVersion() {
    return modelVersion;
  }

  /** Checks a query the way every retriever does: a clear message naming the field. */
  public static void checkQuery(float[] query, int k, int dimension) {
    if (k <= 0) {
      throw new InvalidInputException("k", "must be > 0, got " + k);
    }
    if (query.length != dimension) {
      throw new InvalidInputException(
          "vector", "has " + query.length + " dimensions, the index has " + dimension);
    }
    for (float v : query) {
      if (!Float.isFinite(v)) {
        throw new InvalidInputException("vector", "holds a non-finite value");
      }
    }
  }

  static float dot(float[] q, float[] data, int offset, int dim) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += q[i] * data[offset + i];
      s1 += q[i + 1] * data[offset + i + 1];
      s2 += q[i + 2] * data[offset + i + 2];
      s3 += q[i + 3] * data[offset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += q[i] * data[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  interface RowScore<T> {
    T apply(int row, float score);
  }

  /** A bounded min-heap of (score, row): keeps the k best seen. */
  static final class TopK {
    private final float[] scores;
    private final int[] rowIds;
    private int size;

    TopK(int k) {
      scores = new float[k];
      rowIds = new int[k];
    }

    boolean accepts(float s) {
      return scores.length > 0 && (size < scores.length || s > scores[0]);
    }

    void offer(float s, int row) {
      if (size < scores.length) {
        int i = size++;
        scores[i] = s;
        rowIds[i] = row;
        siftUp(i);
      } else {
        scores[0] = s;
        rowIds[0] = row;
        siftDown(0);
      }
    }

    private void siftUp(int i) {
      while (i > 0) {
        int p = (i - 1) / 2;
        if (scores[p] <= scores[i]) {
          return;
        }
        swap(i, p);
        i = p;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int m = i;
        if (l < size && scores[l] < scores[m]) {
          m = l;
        }
        if (r < size && scores[r] < scores[m]) {
          m = r;
        }
        if (m == i) {
          return;
        }
        swap(i, m);
        i = m;
      }
    }

    private void swap(int a, int b) {
      float s = scores[a];
      scores[a] = scores[b];
      scores[b] = s;
      int t = rowIds[a];
      rowIds[a] = rowIds[b];
      rowIds[b] = t;
    }

    /** Empties the heap into a list, best first. */
    <T> List<T> drainBestFirst(RowScore<T> f) {
      int n = size;
      Object[] out = new Object[n];
      for (int i = n - 1; i >= 0; i--) {
        out[i] = f.apply(rowIds[0], scores[0]);
        size--;
        if (size > 0) {
          scores[0] = scores[size];
          rowIds[0] = rowIds[size];
          siftDown(0);
        }
      }
      @SuppressWarnings("unchecked")
      List<T> list = (List<T>) Arrays.asList(out);
      return list;
    }
  }
}
