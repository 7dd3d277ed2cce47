package io.overdrive.api.console;

import io.overdrive.model.ModelDirectory;
import io.overdrive.model.ModelManifest;
import io.overdrive.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The model versions in {@code OVERDRIVE_MODEL_DIR} with what the trainer reported about each
 * (docs/models.md): newest first, each with its metrics rows (PopRec and the other baselines are
 * rows like any model's) and whether a training-curves image exists.
 */
@Component
public class ModelHistory {
  private static final Logger log = LoggerFactory.getLogger(ModelHistory.class);
  static final String METRICS = "metrics.json";
  static final String CURVES = "training-curves.png";

  /** A model directory keeps every version; the console lists the newest ones. */
  static final int MAX_VERSIONS = 30;

  private final ObjectProvider<ModelRegistry> registry;

  public ModelHistory(ObjectProvider<ModelRegistry> registry) {
    this.registry = registry;
  }

  /**
   * @param configured whether this API has a model directory at all
   * @param latest the version {@code LATEST} names ("" when none)
   * @param inUse the version this API ranks with ("" when none is loaded)
   */
  public record Models(boolean configured, String latest, String inUse, List<Version> versions) {}

  /**
   * @param models the model kinds the version holds ("two_tower", "sequence")
   * @param metrics the trainer's rows: model, protocol, hr@10, ndcg@10, hr@20, ndcg@20, ...
   * @param data what it was trained on (source, users, items, interactions)
   * @param training how each model's training went (epochs, best epoch, stopped by, seconds)
   */
  public record Version(
      String version,
      String createdAt,
      int itemCount,
      List<String> models,
      List<JsonNode> metrics,
      JsonNode data,
      JsonNode training,
      boolean trainingCurves) {}

  public Models list() {
    ModelRegistry r = registry.getIfAvailable();
    if (r == null) {
      return new Models(false, "", "", List.of());
    }
    Path root = r.root();
    String latest = "";
    List<Version> versions = new ArrayList<>();
    try {
      latest = ModelDirectory.latest(root).orElse("");
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.filter(ModelHistory::isVersionDir).toList()) {
          read(dir).ifPresent(versions::add);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot list model versions in {}: {}", root, e.getMessage());
    }
    versions.sort(
        Comparator.comparing(Version::createdAt).thenComparing(Version::version).reversed());
    return new Models(
        true,
        latest,
        r.currentVersion(),
        versions.subList(0, Math.min(MAX_VERSIONS, versions.size())));
  }

  /** A version's training-curves image, when the version exists and has one. */
  public Optional<Path> curves(String version) {
    ModelRegistry r = registry.getIfAvailable();
    if (r == null || !ModelDirectory.isVersionName(version)) {
      return Optional.empty();
    }
    Path file = r.root().resolve(version).resolve(CURVES);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private static boolean isVersionDir(Path dir) {
    return ModelDirectory.isVersionName(dir.getFileName().toString())
        && Files.isRegularFile(dir.resolve(ModelDirectory.MANIFEST));
  }

  private static Optional<Version> read(Path dir) {
    // Jackson 3's exceptions are unchecked and cover reading the file too
    try {
      JsonNode m = ModelManifest.mapper().readTree(dir.resolve(ModelDirectory.MANIFEST).toFile());
      List<JsonNode> metrics = new ArrayList<>();
      JsonNode rows = m.path("metrics");
      Path file = dir.resolve(METRICS);
      if (Files.isRegularFile(file)) {
        // the report copied in after publication can be newer than the manifest's rows
        rows = ModelManifest.mapper().readTree(file.toFile()).path("results");
      }
      rows.forEach(metrics::add);
      List<String> models = new ArrayList<>();
      m.path("models").propertyNames().forEach(models::add);
      return Optional.of(
          new Version(
              m.path("version").asString(dir.getFileName().toString()),
              m.path("created_at").asString(""),
              m.path("item_count").asInt(0),
              models,
              metrics,
              m.path("data"),
              m.path("training"),
              Files.isRegularFile(dir.resolve(CURVES))));
    } catch (JacksonException e) {
      log.warn("Model version {} unreadable: {}", dir, e.getMessage());
      return Optional.empty();
    }
  }
}
