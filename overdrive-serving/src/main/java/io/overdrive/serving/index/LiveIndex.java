package io.overdrive.serving.index;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The index the node serves right now. A new model version's index is built aside and {@link
 * #install installed} with one reference swap: a search holds either the old or the new index, and
 * one that meets the old index closing retries on the new one, so no search fails or comes back
 * empty during a swap. Upserts and deletes go to the current index; deletes are also remembered and
 * applied to the next version's index (a deleted post stays deleted), while upserted vectors belong
 * to the model version they were computed with and are not carried over.
 */
public final class LiveIndex implements Retriever {

  /**
   * One model version's index, the user tower of the same version (null when the model has none)
   * and how the index came to be ("build" or "snapshot").
   */
  public record Generation(
      VectorIndex index,
      String modelVersion,
      TwoTowerModel userTower,
      String loadedFrom,
      Instant installedAt) {}

  private final AtomicReference<Generation> current = new AtomicReference<>();
  private final Object mutations = new Object();
  private volatile Set<String> deletedItems = Set.of();
  private final AtomicLong unsavedMutations = new AtomicLong();
  private final List<Consumer<Generation>> listeners = new CopyOnWriteArrayList<>();

  /** Called after each install (health turns SERVING on the first). */
  public void onInstall(Consumer<Generation> listener) {
    listeners.add(listener);
  }

  public Optional<Generation> current() {
    return Optional.ofNullable(current.get());
  }

  public boolean ready() {
    return current.get() != null;
  }

  /**
   * Makes {@code index} the served one and closes the previous index once its in-flight searches
   * are done.
   *
   * @param userTower the version's user tower, so user queries always match the served items
   * @param carriedDeletes items deleted through the API that this index must not return (from a
   *     snapshot)
   */
  public void install(
      VectorIndex index,
      String modelVersion,
      TwoTowerModel userTower,
      String loadedFrom,
      Set<String> carriedDeletes) {
    Generation next = new Generation(index, modelVersion, userTower, loadedFrom, Instant.now());
    Generation previous;
    synchronized (mutations) {
      Set<String> deletes = new HashSet<>(carriedDeletes);
      for (String id : deletedItems) {
        if (index.contains(id)) {
          deletes.add(id);
        }
      }
      index.delete(deletes);
      deletedItems = Set.copyOf(deletes);
      previous = current.getAndSet(next);
    }
    if (previous != null && previous.index() != index) {
      previous.index().close();
    }
    listeners.forEach(l -> l.accept(next));
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return withCurrent(
        g -> {
          ExactRetriever.checkQuery(query, k, g.index().dimension());
          return g.index().search(query, k, excluded);
        });
  }

  /** Queries sharing one exclusion set, answered in one batched call where the backend has one. */
  public List<List<ScoredItem>> searchBatch(List<float[]> queries, int k, Set<String> excluded) {
    return withCurrent(
        g -> {
          for (float[] q : queries) {
            ExactRetriever.checkQuery(q, k, g.index().dimension());
          }
          return g.index().searchBatch(queries, k, excluded);
        });
  }

  /**
   * Adds or replaces items.
   *
   * @param expectedModelVersion the model version the vectors were computed with, or "" to skip the
   *     check
   */
  public int upsert(List<ItemVector> items, String expectedModelVersion) {
    synchronized (mutations) {
      Generation g = require();
      if (!expectedModelVersion.isEmpty() && !expectedModelVersion.equals(g.modelVersion())) {
        throw new ModelVersionMismatchException(
            "vectors are from model "
                + expectedModelVersion
                + " but the index serves "
                + g.modelVersion()
                + "; embed the items with "
                + g.modelVersion()
                + "'s item tower");
      }
      for (ItemVector item : items) {
        if (item.vector().length != g.index().dimension()) {
          throw new InvalidInputException(
              "items.vector",
              "item "
                  + item.itemId()
                  + " has "
                  + item.vector().length
                  + " dimensions, the index has "
                  + g.index().dimension());
        }
      }
      int n = g.index().upsert(items);
      if (!deletedItems.isEmpty()) {
        Set<String> d = new HashSet<>(deletedItems);
        items.forEach(i -> d.remove(i.itemId()));
        deletedItems = Set.copyOf(d);
      }
      unsavedMutations.incrementAndGet();
      return n;
    }
  }

  /** Removes items; returns how many were indexed. */
  public int delete(Collection<String> itemIds) {
    synchronized (mutations) {
      Generation g = require();
      int n = g.index().delete(itemIds);
      Set<String> d = new HashSet<>(deletedItems);
      d.addAll(itemIds);
      deletedItems = Set.copyOf(d);
      unsavedMutations.incrementAndGet();
      return n;
    }
  }

  /** The indexed vector of an item (for the recent-items user embedding). */
  public Optional<float[]> vector(String itemId) {
    Generation g = current.get();
    if (g == null) {
      return Optional.empty();
    }
    try {
      return g.index().vector(itemId);
    } catch (IndexClosedException e) {
      return vector(itemId);
    }
  }

  /** Items deleted through the API that later versions must not serve. */
  public Set<String> deletedItems() {
    return deletedItems;
  }

  /** Mutations since the last call (the snapshot saver's "is there anything new"). */
  public long takeUnsavedMutations() {
    return unsavedMutations.getAndSet(0);
  }

  @Override
  public int dimension() {
    Generation g = current.get();
    return g == null ? 0 : g.index().dimension();
  }

  @Override
  public long size() {
    return withCurrentOr(g -> g.index().size(), 0L);
  }

  @Override
  public String modelVersion() {
    Generation g = current.get();
    return g == null ? "" : g.modelVersion();
  }

  /** Closes the served index (at shutdown). */
  public void close() {
    Generation g = current.getAndSet(null);
    if (g != null) {
      g.index().close();
    }
  }

  private Generation require() {
    Generation g = current.get();
    if (g == null) {
      throw new IndexNotReadyException(
          "no index loaded yet: waiting for a model version in OVERDRIVE_MODEL_DIR");
    }
    return g;
  }

  private <T> T withCurrent(Function<Generation, T> call) {
    while (true) {
      Generation g = require();
      try {
        return call.apply(g);
      } catch (IndexClosedException e) {
        if (current.get() == g) {
          throw new IndexNotReadyException("the index is shutting down");
        }
        // swapped while we held the old one: the new one answers
      }
    }
  }

  private <T> T withCurrentOr(Function<Generation, T> call, T otherwise) {
    try {
      return withCurrent(call);
    } catch (IndexNotReadyException e) {
      return otherwise;
    }
  }
}
