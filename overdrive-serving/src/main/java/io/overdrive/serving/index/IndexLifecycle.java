package io.overdrive.serving.index;

import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelManifest;
import io.overdrive.model.ParamFile;
import io.overdrive.model.TwoTowerModel;
import io.overdrive.retrieval.ItemEmbeddings;
import io.overdrive.retrieval.ModelVersions;
import io.overdrive.serving.faiss.FaissLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the served index in step with the model directory: at start it loads the snapshot of the
 * {@code LATEST} version (or builds and snapshots it), then polls {@code LATEST} and builds each
 * new version aside before swapping it in, and saves a snapshot when upserts or deletes changed the
 * index. Builds, swaps and saves run one at a time on one thread with the build's OpenMP threads.
 */
public final class IndexLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(IndexLifecycle.class);

  private final ModelVersions models;
  private final IndexSnapshots snapshots;
  private final IndexSpec spec;
  private final Duration pollInterval;
  private final Duration snapshotInterval;
  private final LiveIndex live;
  private ScheduledExecutorService worker;
  private volatile String failedVersion;
  private volatile boolean waitingLogged;
  private volatile boolean running;

  /**
   * @param models the trainer's output, or null (the node then waits for a model that never comes)
   * @param snapshots where snapshots go, or null for none (every start builds)
   */
  public IndexLifecycle(
      ModelVersions models,
      IndexSnapshots snapshots,
      IndexSpec spec,
      Duration pollInterval,
      Duration snapshotInterval,
      LiveIndex live) {
    this.models = models;
    this.snapshots = snapshots;
    this.spec = spec;
    this.pollInterval = pollInterval;
    this.snapshotInterval = snapshotInterval;
    this.live = live;
  }

  @Override
  public void start() {
    if (models == null) {
      log.warn("OVERDRIVE_MODEL_DIR is not set: no index will be loaded, retrieval is unavailable");
    }
    worker =
        Executors.newSingleThreadScheduledExecutor(
            FaissLibrary.threadFactory("index-lifecycle", spec.buildThreads()));
    worker.scheduleWithFixedDelay(
        this::pollModels, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    worker.scheduleWithFixedDelay(
        this::saveIfChanged,
        snapshotInterval.toMillis(),
        snapshotInterval.toMillis(),
        TimeUnit.MILLISECONDS);
    running = true;
  }

  /** Checks {@code LATEST} and loads a version the node does not serve yet. */
  void pollModels() {
    if (models == null) {
      return;
    }
    try {
      Optional<String> latest = models.latestVersion();
      if (latest.isEmpty()) {
        if (!waitingLogged) {
          log.info("waiting for {}/LATEST", models.root());
          waitingLogged = true;
        }
        return;
      }
      String v = latest.get();
      if (v.equals(live.modelVersion()) || v.equals(failedVersion)) {
        return;
      }
      loadVersion(v);
    } catch (RuntimeException e) {
      log.error("model directory poll failed", e);
    }
  }

  private void loadVersion(String version) {
    long t0 = System.nanoTime();
    try {
      Optional<IndexSnapshots.Loaded> snap =
          snapshots == null ? Optional.empty() : snapshots.load(version, spec);
      if (snap.isPresent()) {
        live.install(
            snap.get().index(), version, userTower(version), "snapshot", snap.get().deletedItems());
        log.info(
            "model {}: {} index {} of {} items loaded from snapshot in {} ms",
            version,
            spec.backend().wireName(),
            spec.indexType(),
            snap.get().index().size(),
            (System.nanoTime() - t0) / 1_000_000);
        return;
      }
      ItemEmbeddings embeddings = models.itemEmbeddings(version);
      long t1 = System.nanoTime();
      VectorIndex index = VectorIndexes.build(spec, embeddings);
      log.info(
          "model {}: {} index {} of {} x {} built in {} ms (read {} ms)",
          version,
          spec.backend().wireName(),
          spec.indexType(),
          embeddings.count(),
          embeddings.dimension(),
          (System.nanoTime() - t1) / 1_000_000,
          (t1 - t0) / 1_000_000);
      live.install(index, version, userTower(version), "build", Set.of());
      if (snapshots != null) {
        live.takeUnsavedMutations();
        snapshots.save(version, spec, index, live.deletedItems());
        snapshots.retainOnly(Set.of(version));
      }
    } catch (RuntimeException e) {
      failedVersion = version;
      log.error(
          "cannot serve model version {} ({}); still serving '{}'",
          version,
          e.getMessage(),
          live.modelVersion(),
          e);
    }
  }

  /** The version's user tower, or null when it has none (queries then average recent items). */
  private TwoTowerModel userTower(String version) {
    Path dir = models.versionDir(version);
    try {
      ModelManifest manifest = ModelManifest.read(dir.resolve(ModelDirectory.MANIFEST));
      if (!manifest.hasTwoTower()) {
        log.info("model {} has no two-tower part: user queries average recent items", version);
        return null;
      }
      return TwoTowerModel.of(
          ParamFile.read(dir.resolve(ModelDirectory.TWO_TOWER_PARAMS)), manifest.twoTower());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "model {}: cannot load the user tower ({}); user queries average recent items",
          version,
          e.getMessage());
      return null;
    }
  }

  /** Saves a snapshot of the served index when upserts or deletes changed it since the last. */
  void saveIfChanged() {
    if (snapshots == null || live.takeUnsavedMutations() == 0) {
      return;
    }
    live.current()
        .ifPresent(
            g -> {
              try {
                snapshots.save(g.modelVersion(), spec, g.index(), live.deletedItems());
              } catch (IndexClosedException e) {
                log.debug("index swapped while saving; the new one was saved at install");
              } catch (RuntimeException e) {
                log.error("cannot save index snapshot", e);
              }
            });
  }

  @Override
  public void stop() {
    running = false;
    if (worker != null) {
      worker.shutdown();
      try {
        if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
          worker.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    saveIfChanged();
    live.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // stops after the gRPC server (which stops first, at a higher phase) has drained
    return Integer.MAX_VALUE - 2048;
  }
}
