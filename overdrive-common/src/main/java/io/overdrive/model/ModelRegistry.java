package io.overdrive.model;

import io.overdrive.concurrent.Daemons;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in use, from a model directory: polls {@code LATEST}, loads a new version beside the
 * current one and swaps it in with one atomic reference write, so a request that took {@link
 * #current()} keeps a consistent model and no request sees a half-loaded one. A version that fails
 * to load is logged and skipped (the current model stays) until {@code LATEST} changes again.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

  private final Path root;
  private final AtomicReference<LoadedModel> current = new AtomicReference<>();
  private final List<Consumer<LoadedModel>> listeners = new CopyOnWriteArrayList<>();
  private volatile String lastAttempted;
  private ScheduledExecutorService poller;

  public ModelRegistry(Path root) {
    this.root = root;
  }

  /**
   * A registry that loads the current version now (if there is one) and then checks {@code LATEST}
   * every {@code interval} on a daemon thread.
   */
  public static ModelRegistry watching(Path root, Duration interval) {
    ModelRegistry r = new ModelRegistry(root);
    r.refresh();
    r.poller = Daemons.scheduler("model-registry");
    long ms = Math.max(1, interval.toMillis());
    r.poller.scheduleWithFixedDelay(r::refresh, ms, ms, TimeUnit.MILLISECONDS);
    return r;
  }

  /**
   * A registry holding one model that never changes (the trainer scores with the version it is
   * about to publish).
   */
  public static ModelRegistry fixed(LoadedModel model) {
    ModelRegistry r = new ModelRegistry(model.directory());
    r.current.set(model);
    r.lastAttempted = model.version();
    return r;
  }

  public Path root() {
    return root;
  }

  /** The model in use, or empty before the first version is published. */
  public Optional<LoadedModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Version in use, or "" when none. */
  public String currentVersion() {
    LoadedModel m = current.get();
    return m == null ? "" : m.version();
  }

  /** Called with each newly swapped-in model (e.g. to rebuild an ANN index); and now, if loaded. */
  public void onSwap(Consumer<LoadedModel> listener) {
    listeners.add(listener);
    LoadedModel m = current.get();
    if (m != null) {
      listener.accept(m);
    }
  }

  /**
   * Checks {@code LATEST} once and swaps in a new version. Returns true when the model changed.
   * Never throws: a broken version is logged and the current model kept.
   */
  public synchronized boolean refresh() {
    String version;
    try {
      Optional<String> latest = ModelDirectory.latest(root);
      if (latest.isEmpty()) {
        return false;
      }
      version = latest.get();
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot read {}: {}", root.resolve(ModelDirectory.LATEST), e.getMessage());
      return false;
    }
    LoadedModel in = current.get();
    if ((in != null && in.version().equals(version)) || version.equals(lastAttempted)) {
      return false;
    }
    lastAttempted = version;
    LoadedModel loaded;
    try {
      long start = System.nanoTime();
      loaded = LoadedModel.load(root.resolve(version));
      log.info(
          "Loaded model {} ({} items{}{}) in {} ms",
          version,
          loaded.itemIds().size(),
          loaded.twoTower().isPresent() ? ", two-tower" : "",
          loaded.sequence().isPresent() ? ", sequence" : "",
          (System.nanoTime() - start) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      log.warn("Model {} not loaded, keeping {}: {}", version, versionOf(in), e.getMessage());
      return false;
    }
    current.set(loaded);
    for (Consumer<LoadedModel> l : listeners) {
      try {
        l.accept(loaded);
      } catch (RuntimeException e) {
        log.warn("Model swap listener failed for {}: {}", version, e.toString());
      }
    }
    return true;
  }

  private static String versionOf(LoadedModel m) {
    return m == null ? "no model" : m.version();
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
