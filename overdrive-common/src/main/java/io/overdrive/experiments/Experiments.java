package io.overdrive.experiments;

import io.overdrive.experiments.Experiment.Variant;
import io.overdrive.ranking.RankingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads an experiment definition from a file ({@code .json}, or {@code .yaml}/{@code .yml}):
 *
 * <pre>{@code
 * name: maturity-curve-2026-11        # required; also the hashing salt unless "salt" is given
 * variants:
 *   - name: control                   # required, unique, at most 64 characters
 *     traffic: 0.5                    # shares must sum to 1
 *   - name: fast_handover
 *     traffic: 0.5
 *     settings:                       # overrides of RankingSettings (keys: RankingSettings.KEYS)
 *       maturity_half_point: 8
 *       cold_weights: {declared_interest: 0.6}
 * }</pre>
 *
 * Every error names the file and the offending field, so a bad file fails start-up with a message
 * that says what to fix.
 */
public final class Experiments {
  private Experiments() {}

  /** The experiment of the file, its variants' settings being {@code base} with overrides. */
  public static Experiment load(Path file, RankingSettings base) {
    Object root;
    try (InputStream in = Files.newInputStream(file)) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      } else {
        root = new JsonMapper().readValue(in, Object.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read experiment file " + file, e);
    } catch (YAMLException | JacksonException e) {
      throw new IllegalArgumentException(
          file
              + ": not valid "
              + (e instanceof YAMLException ? "YAML" : "JSON")
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      return parse(root, base);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** An assigner for the file's experiment. */
  public static ExperimentAssigner assigner(Path file, RankingSettings base) {
    return new ExperimentAssigner(load(file, base));
  }

  /** The experiment of a parsed document (maps, lists, strings and numbers). */
  public static Experiment parse(Object root, RankingSettings base) {
    Map<String, Object> doc = map(root, "the document");
    requireOnly(doc, "", List.of("name", "salt", "variants"));
    String name = text(doc.get("name"), "name");
    String salt = doc.get("salt") == null ? null : text(doc.get("salt"), "salt");
    Object rawVariants = doc.get("variants");
    if (!(rawVariants instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException("variants: must be a non-empty list");
    }
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "variants[" + i + "].";
      Map<String, Object> v = map(list.get(i), path.substring(0, path.length() - 1));
      requireOnly(v, path, List.of("name", "traffic", "settings"));
      String variantName = text(v.get("name"), path + "name");
      double traffic = number(v.get("traffic"), path + "traffic");
      Map<String, Object> overrides =
          v.get("settings") == null ? Map.of() : map(v.get("settings"), path + "settings");
      RankingSettings settings;
      try {
        settings = base.withOverrides(overrides);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + "settings." + e.getMessage(), e);
      }
      variants.add(new Variant(variantName, traffic, settings, overrides));
    }
    return new Experiment(name, salt, variants);
  }

  private static void requireOnly(Map<String, Object> m, String path, List<String> keys) {
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(
            path + k + ": unknown field; expected " + String.join(", ", keys));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String path) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(path + ": must be an object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static String text(Object o, String path) {
    if (!(o instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(path + ": must be a non-empty string");
    }
    return s;
  }

  private static double number(Object o, String path) {
    if (!(o instanceof Number n)) {
      throw new IllegalArgumentException(path + ": must be a number");
    }
    return n.doubleValue();
  }
}
