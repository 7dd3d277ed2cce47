package io.overdrive.serving.index;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * What the ANN backends share: a {@link LabelTable} and a read-write lock under which searches run
 * concurrently while adds, deletes and close wait for them (the libraries' graphs are not safe to
 * change during a search). Deletes tombstone labels; the backend hides tombstones from results.
 */
public abstract class LabelledIndex implements VectorIndex {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  protected final LabelTable labels;
  private boolean closed;

  protected LabelledIndex(LabelTable labels) {
    this.labels = labels;
  }

  /** Runs {@code call} with other readers, never during a change or after close. */
  protected final <T> T read(Supplier<T> call) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code call} alone. */
  protected final <T> T write(Supplier<T> call) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      return call.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IndexClosedException();
    }
  }

  /** Hides a label from searches (a deleted item, or the old vector of an upserted one). */
  protected abstract void tombstone(int label);

  /** Frees the backend's resources; runs once, alone. */
  protected abstract void release();

  @Override
  public long size() {
    return read(labels::liveCount);
  }

  @Override
  public boolean contains(String itemId) {
    return read(() -> labels.label(itemId) >= 0);
  }

  @Override
  public int delete(Collection<String> itemIds) {
    return write(
        () -> {
          int n = 0;
          for (String id : itemIds) {
            int old = labels.remove(id);
            if (old >= 0) {
              tombstone(old);
              n++;
            }
          }
          return n;
        });
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
