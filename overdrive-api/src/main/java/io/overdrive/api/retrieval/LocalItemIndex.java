package io.overdrive.api.retrieval;

import io.overdrive.catalogue.FreshItem;
import io.overdrive.catalogue.FreshItemFeed;
import io.overdrive.catalogue.FreshItemVectors;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.RetrievalException;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process retrieval: the exact retriever over the current model's item embeddings, swapped with
 * the model by the API's {@link ModelRegistry} (so the user tower and the items always share a
 * version), plus the fresh items of the {@link FreshItemFeed}, embedded from their content by the
 * same version's item tower as they arrive (and again for each new version), minus the items taken
 * down. Without a model it refuses with reason {@code no_model}.
 */
public final class LocalItemIndex implements Retriever, FreshItemFeed.Listener {
  private static final Logger log = LoggerFactory.getLogger(LocalItemIndex.class);

  private final String source;
  private volatile ExactRetriever current;
  private volatile LoadedModel model;
  private FreshItemFeed fresh;

  private LocalItemIndex(String source) {
    this.source = source;
  }

  /** No learned models configured: nothing to retrieve from. */
  public static LocalItemIndex none() {
    return new LocalItemIndex(null);
  }

  /** Follows the registry: every model it swaps in replaces the index. */
  public static LocalItemIndex following(ModelRegistry registry) {
    LocalItemIndex index = new LocalItemIndex(registry.root().toString());
    registry.onSwap(index::install);
    return index;
  }

  /** Follows the registry and the fresh items: posted items join, taken-down ones leave. */
  public static LocalItemIndex following(ModelRegistry registry, FreshItemFeed fresh) {
    LocalItemIndex index = new LocalItemIndex(registry.root().toString());
    index.fresh = fresh;
    fresh.addListener(index);
    registry.onSwap(index::install);
    return index;
  }

  private synchronized void install(LoadedModel model) {
    if (model.twoTower().isEmpty()) {
      log.info("model {} has no item embeddings: no in-process retrieval", model.version());
      return;
    }
    int n = model.itemIds().size();
    int d = model.twoTower().get().settings().dim();
    float[] vectors = new float[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(model.itemVector(i), 0, vectors, i * d, d);
    }
    ExactRetriever next =
        new ExactRetriever(new ItemEmbeddings(model.version(), d, model.itemIds(), vectors));
    int added = 0;
    if (fresh != null) {
      added = upsert(next, model, fresh.items());
      fresh.recentTakedowns().forEach(next::delete);
    }
    this.model = model;
    current = next;
    log.info("in-process retrieval: model {} ({} items, {} fresh ones)", model.version(), n, added);
  }

  @Override
  public synchronized void arrived(List<FreshItem> items) {
    ExactRetriever r = current;
    LoadedModel m = model;
    if (r != null && m != null) {
      upsert(r, m, items);
    }
  }

  @Override
  public synchronized void takenDown(Collection<String> itemIds) {
    ExactRetriever r = current;
    if (r != null) {
      itemIds.forEach(r::delete);
    }
  }

  /** Embeds the items the model does not know with its item tower; returns how many. */
  private static int upsert(ExactRetriever r, LoadedModel m, List<FreshItem> items) {
    Map<String, float[]> vectors =
        FreshItemVectors.embed(m.twoTower().orElseThrow(), items, id -> m.itemIndex(id) >= 0);
    vectors.forEach(r::upsert);
    return vectors.size();
  }

  private ExactRetriever require() {
    ExactRetriever r = current;
    if (r == null) {
      throw new RetrievalException(
          "no_model",
          source == null
              ? "no OVERDRIVE_MODEL_DIR or OVERDRIVE_SERVING_ADDR: nothing to retrieve from"
              : "no model version with item embeddings in " + source + " yet");
    }
    return r;
  }

  @Override
  public List<ScoredItem> search(float[] query, int k, Set<String> excluded) {
    return require().search(query, k, excluded);
  }

  @Override
  public List<ScoredItem> searchForUser(String userId, int k, Set<String> excluded) {
    require();
    throw new RetrievalException(
        "no_user_embedding", "user " + userId + " has no engaged item in model " + modelVersion());
  }

  /** The item's embedding in the loaded version (for the recent-items user query). */
  public Optional<float[]> vector(String itemId) {
    ExactRetriever r = current;
    return r == null ? Optional.empty() : r.vector(itemId);
  }

  @Override
  public int dimension() {
    ExactRetriever r = current;
    return r == null ? 0 : r.dimension();
  }

  @Override
  public long size() {
    ExactRetriever r = current;
    return r == null ? 0 : r.size();
  }

  @Override
  public String modelVersion() {
    ExactRetriever r = current;
    return r == null ? "" : r.modelVersion();
  }
}
