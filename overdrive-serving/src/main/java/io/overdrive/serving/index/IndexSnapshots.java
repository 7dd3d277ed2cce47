package io.overdrive.serving.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Index snapshots on disk, so a restart loads instead of rebuilding: {@code <root>/<model
 * version>/<backend>-<index type>/} holds the backend's files, {@code deleted_items.txt} (deletes
 * to carry to the next model version) and {@code snapshot.json}, which is written last and marks
 * the snapshot complete. A snapshot is written aside and renamed into place.
 */
public final class IndexSnapshots {
  static final String META = "snapshot.json";
  static final String DELETED = "deleted_items.txt";
  private static final Logger log = LoggerFactory.getLogger(IndexSnapshots.class);
  private static final ObjectMapper JSON = new JsonMapper();

  private final Path root;

  public IndexSnapshots(Path root) {
    this.root = root;
  }

  public Path dirFor(String modelVersion, IndexSpec spec) {
    String type = spec.indexType().replaceAll("[^A-Za-z0-9_.-]", "_");
    return root.resolve(modelVersion).resolve(spec.backend().wireName() + "-" + type);
  }

  /** A loaded snapshot: the index and the item ids deleted through the API. */
  public record Loaded(VectorIndex index, Set<String> deletedItems) {}

  /** Loads the snapshot of this version and spec, if a complete one exists. */
  public Optional<Loaded> load(String modelVersion, IndexSpec spec) {
    Path dir = dirFor(modelVersion, spec);
    if (!Files.exists(dir.resolve(META))) {
      return Optional.empty();
    }
    try {
      JsonNode meta = JSON.readTree(dir.resolve(META).toFile());
      if (!modelVersion.equals(meta.path("model_version").asString(""))) {
        log.warn("snapshot {} belongs to another model version: ignored", dir);
        return Optional.empty();
      }
      VectorIndex index = VectorIndexes.load(spec, dir);
      Set<String> deleted =
          Files.exists(dir.resolve(DELETED))
              ? Set.copyOf(Files.readAllLines(dir.resolve(DELETED), StandardCharsets.UTF_8))
              : Set.of();
      return Optional.of(new Loaded(index, deleted));
    } catch (IOException | RuntimeException e) {
      log.warn("cannot load index snapshot {} ({}): rebuilding", dir, e.toString());
      return Optional.empty();
    }
  }

  /** Writes a snapshot aside and moves it into place, replacing an older one. */
  public void save(String modelVersion, IndexSpec spec, VectorIndex index, Set<String> deleted) {
    Path target = dirFor(modelVersion, spec);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      long t0 = System.nanoTime();
      index.save(tmp);
      Files.write(tmp.resolve(DELETED), List.copyOf(deleted), StandardCharsets.UTF_8);
      ObjectNode meta = JSON.createObjectNode();
      meta.put("model_version", modelVersion);
      meta.put("backend", spec.backend().wireName());
      meta.put("index_type", spec.indexType());
      meta.put("dimension", index.dimension());
      meta.put("size", index.size());
      meta.put("saved_at", Instant.now().toString());
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(META).toFile(), meta);
      Path old = null;
      if (Files.exists(target)) {
        old = target.resolveSibling(target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        deleteTree(old);
      }
      log.info("index snapshot {} saved in {} ms", target, (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      deleteTree(tmp);
      throw new UncheckedIOException("cannot save index snapshot " + target, e);
    }
  }

  /** Deletes the snapshots of model versions other than {@code keep}. */
  public void retainOnly(Set<String> keep) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> versions = Files.list(root)) {
      versions
          .filter(Files::isDirectory)
          .filter(p -> !keep.contains(p.getFileName().toString()))
          .forEach(IndexSnapshots::deleteTree);
    } catch (IOException e) {
      log.warn("cannot prune old snapshots in {}: {}", root, e.toString());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  log.warn("cannot delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dir, e.toString());
    }
  }
}
