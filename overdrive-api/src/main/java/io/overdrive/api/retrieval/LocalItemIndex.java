package io.overdrive.api.retrieval;

import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelRegistry;
import io.overdrive.retrieval.ExactRetriever;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.retrieval.RetrievalException;
import io.overdrive.retrieval.Retriever;
import io.overdrive.retrieval.ScoredItem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * In-process retrieval: the exact retriever over the current model version's item embeddings,
 * reloaded aside and swapped in when {@code LATEST} changes. Without a model it refuses with reason
 * {@code no_model}.
 */
public final class LocalItemIndex implements Retriever, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LocalItemIndex.class);

  private final ModelVersions models;
  private final Duration pollInterval;
  private volatile ExactRetriever current;
  private volatile String failedVersion;
  private ScheduledExecutorService poller;
  private volatile Path followed;

  /**
   * @param models the model directory to poll, or null when none is configured
   */
  public LocalItemIndex(ModelVersions models, Duration pollInterval) {
    this.models = models;
    this.pollInterval = pollInterval;
  }

  /** An index that swaps with the registry's model instead of polling. */
  public static LocalItemIndex following(ModelRegistry registry) {
    LocalItemIndex index = new LocalItemIndex(null, Duration.ofDays(1));
    index.followed = registry.root();
    registry.onSwap(index::install);
    return index;
  }

  private void install(LoadedModel model) {
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
    current = new ExactRetriever(new ItemEmbeddings(model.version(), d, model.itemIds(), vectors));
    log.info("in-process retrieval: model {} ({} items)", model.version(), n);
  }

  /** Loads {@code LATEST} if it names a version not loaded yet. */
  void refresh() {
    if (models == null) {
      return;
    }
    try {
      Optional<String> latest = models.latestVersion();
      if (latest.isEmpty()
          || latest.get().equals(modelVersion())
          || latest.get().equals(failedVersion)) {
        return;
      }
      long t0 = System.nanoTime();
      ExactRetriever next = new ExactRetriever(models.itemEmbeddings(latest.get()));
      current = next;
      log.info(
          "in-process retrieval: model {} ({} items) loaded in {} ms",
          latest.get(),
          next.size(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      models.latestVersion().ifPresent(v -> failedVersion = v);
      log.error("cannot load item embeddings for in-process retrieval: {}", e.getMessage());
    }
  }

  private ExactRetriever require() {
    ExactRetriever r = current;
    if (r == null) {
      Path dir = models != null ? models.root() : followed;
      throw new RetrievalException(
          "no_model",
          dir == null
              ? "no OVERDRIVE_MODEL_DIR or OVERDRIVE_SERVING_ADDR: nothing to retrieve from"
              : "no model version with item embeddings in " + dir + " yet");
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

  @Override
  public void start() {
    refresh();
    if (models != null) {
      poller =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "model-poll");
                t.setDaemon(true);
                return t;
              });
      poller.scheduleWithFixedDelay(
          this::refresh, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }
}
