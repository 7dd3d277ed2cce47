package io.overdrive.model;

import io.overdrive.concurrent.Daemons;
import io.overdrive.storage.ObjectStore;
import io.overdrive.storage.ObjectStoreSettings;
import io.overdrive.storage.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a local model directory (a pod's own disk) in step with the versions the trainer published
 * to object storage, so every API and serving replica loads them without a shared volume (decision
 * 0304). A new version is downloaded beside the others under a hidden name, renamed into place when
 * complete and only then named in the local {@code LATEST}: the readers that already poll that
 * directory ({@link ModelRegistry}, the serving node's index lifecycle) see it as if the trainer
 * had written it there. Old local versions are pruned, keeping the current one and the one before.
 */
public final class ModelMirror implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelMirror.class);
  static final int KEEP_VERSIONS = 2;

  private final ObjectStore store;
  private final Path local;
  private ScheduledExecutorService poller;
  private AutoCloseable owned;
  private volatile String lastFailure;

  public ModelMirror(ObjectStore store, Path local) {
    this.store = store;
    this.local = local;
  }

  /**
   * A mirror that syncs now (a store that cannot be reached is logged: whatever is already local
   * keeps serving) and then every {@code interval} on a daemon thread.
   */
  public static ModelMirror watching(ObjectStore store, Path local, Duration interval) {
    ModelMirror m = new ModelMirror(store, local);
    m.syncQuietly();
    m.poller = Daemons.scheduler("model-mirror");
    long ms = Math.max(1, interval.toMillis());
    m.poller.scheduleWithFixedDelay(m::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return m;
  }

  /**
   * A watching mirror of the S3 location in {@code settings} that owns its client (services: {@code
   * OVERDRIVE_MODEL_STORE} into {@code OVERDRIVE_MODEL_DIR}, created if missing).
   *
   * @param local the replica's model directory; null fails, naming both settings
   */
  public static ModelMirror watching(ObjectStoreSettings settings, Path local, Duration interval)
      throws IOException {
    if (local == null) {
      throw new IllegalStateException(
          "OVERDRIVE_MODEL_STORE is set, but OVERDRIVE_MODEL_DIR is not: set it to a local"
              + " directory (an emptyDir in Kubernetes) the versions are copied to");
    }
    Files.createDirectories(local);
    S3ObjectStore store = new S3ObjectStore(settings);
    log.info("Models: mirroring {} into {} (checked every {})", store.describe(), local, interval);
    ModelMirror m = watching(store, local, interval);
    m.owned = store;
    return m;
  }

  /**
   * Brings the store's {@code LATEST} version into the local directory. Returns true when a new
   * version was installed locally.
   *
   * @throws IOException when the store cannot be read or a version is incomplete there
   */
  public synchronized boolean sync() throws IOException {
    Optional<String> named = store.readText(ModelDirectory.LATEST).map(String::strip);
    if (named.isEmpty()) {
      return false;
    }
    String version = named.get();
    if (!ModelDirectory.isVersionName(version)) {
      throw new IOException(
          store.describe() + ModelDirectory.LATEST + " names no version: '" + version + "'");
    }
    Files.createDirectories(local);
    if (ModelDirectory.latest(local).filter(version::equals).isPresent()) {
      return false;
    }
    Path target = local.resolve(version);
    if (!Files.isRegularFile(target.resolve(ModelDirectory.MANIFEST))) {
      download(version, target);
    }
    ModelDirectory.publish(local, version);
    log.info("Model {} mirrored from {} into {}", version, store.describe(), local);
    prune(version);
    return true;
  }

  private void download(String version, Path target) throws IOException {
    List<String> keys = store.list(version + "/");
    if (!keys.contains(version + "/" + ModelDirectory.MANIFEST)) {
      throw new IOException(
          "version "
              + version
              + " in "
              + store.describe()
              + " has no "
              + ModelDirectory.MANIFEST
              + " (an upload that did not finish?)");
    }
    Path partial = local.resolve("." + version + ".partial");
    deleteTree(partial);
    for (String key : keys) {
      String relative = key.substring(version.length() + 1);
      Path file = partial.resolve(relative).normalize();
      if (relative.isEmpty() || !file.startsWith(partial)) {
        throw new IOException("unsafe key in " + store.describe() + ": " + key);
      }
      Files.createDirectories(file.getParent());
      store.download(key, file);
    }
    deleteTree(target);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Deletes local versions but the newest {@link #KEEP_VERSIONS} (the current one always stays).
   */
  private void prune(String current) {
    try (Stream<Path> dirs = Files.list(local)) {
      List<Path> versions =
          new ArrayList<>(
              dirs.filter(Files::isDirectory)
                  .filter(d -> ModelDirectory.isVersionName(d.getFileName().toString()))
                  .filter(d -> !d.getFileName().toString().equals(current))
                  .sorted(Comparator.comparing((Path d) -> d.getFileName().toString()).reversed())
                  .toList());
      for (Path old :
          versions.subList(Math.min(versions.size(), KEEP_VERSIONS - 1), versions.size())) {
        deleteTree(old);
        log.info("Removed local model version {}", old.getFileName());
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("Cannot prune old versions in {}: {}", local, e.getMessage());
    }
  }

  private void syncQuietly() {
    try {
      sync();
      lastFailure = null;
    } catch (IOException | RuntimeException e) {
      // said once per distinct failure, not at every poll
      String why = String.valueOf(e.getMessage());
      if (!why.equals(lastFailure)) {
        log.warn("Model mirror: {}", why);
        lastFailure = why;
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        log.debug("closing the object store client: {}", e.toString());
      }
    }
  }
}
