package io.overdrive.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The layout of an exported model directory (docs/architecture.md, docs/models.md): versions in
 * sub-directories, {@code LATEST} naming the current one, replaced atomically only after the
 * version is complete. The trainer writes it; the API and the serving node read it.
 */
public final class ModelDirectory {
  public static final String LATEST = "LATEST";
  public static final String MANIFEST = "manifest.json";
  public static final String ITEM_IDS = "item_ids.txt";
  public static final String ITEM_EMBEDDINGS = "item_embeddings.f32";
  public static final String TWO_TOWER_PARAMS = "two_tower.params";
  public static final String SEQUENCE_PARAMS = "sequence.params";

  /** A version name: letters, digits, '-', '_', '.'; never a path. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private ModelDirectory() {}

  /** Whether {@code name} can be a version directory's name (and never a path). */
  public static boolean isVersionName(String name) {
    return VERSION.matcher(name).matches();
  }

  /** The version {@code LATEST} names, or empty when there is none (yet). */
  public static Optional<String> latest(Path root) throws IOException {
    Path latest = root.resolve(LATEST);
    if (!Files.exists(latest)) {
      return Optional.empty();
    }
    String v = Files.readString(latest, StandardCharsets.UTF_8).strip();
    if (!VERSION.matcher(v).matches()) {
      throw new IOException(latest + " does not name a version directory: '" + v + "'");
    }
    return Optional.of(v);
  }

  /**
   * Points {@code LATEST} at {@code version}: writes {@code LATEST.tmp} and renames it over {@code
   * LATEST}, so a reader sees the old or the new name, never a partial file.
   */
  public static void publish(Path root, String version) throws IOException {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("not a version name: " + version);
    }
    if (!Files.isRegularFile(root.resolve(version).resolve(MANIFEST))) {
      throw new IOException("version " + version + " has no " + MANIFEST + " in " + root);
    }
    Path tmp = root.resolve(LATEST + ".tmp");
    Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(
          tmp,
          root.resolve(LATEST),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, root.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void writeItemIds(Path file, List<String> ids) throws IOException {
    for (String id : ids) {
      if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("item id with a line break: " + id);
      }
    }
    Files.write(file, ids, StandardCharsets.UTF_8);
  }

  public static List<String> readItemIds(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** Writes {@code rows x dim} float32 values, little-endian, row-major. */
  public static void writeEmbeddings(Path file, float[] values) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ParamFile.writeFloats(out, values);
    }
  }

  /**
   * Reads {@code rows x dim} float32 values.
   *
   * @throws IOException when the file does not hold exactly that many values
   */
  public static float[] readEmbeddings(Path file, int rows, int dim) throws IOException {
    long expected = 4L * rows * dim;
    long size = Files.size(file);
    if (size != expected) {
      throw new IOException(
          file + " holds " + size + " bytes; " + rows + " x " + dim + " float32 need " + expected);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return ParamFile.readFloats(in, rows * dim);
    }
  }
}
