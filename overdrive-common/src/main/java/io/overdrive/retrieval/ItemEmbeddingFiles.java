package io.overdrive.retrieval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes a model version's item embeddings in the layout of docs/architecture.md: {@code
 * manifest.json} ({@code version}, {@code embedding_dim}, {@code item_count}), {@code item_ids.txt}
 * (line i = row i) and {@code item_embeddings.f32} (little-endian float32, row-major).
 */
public final class ItemEmbeddingFiles {
  public static final String MANIFEST = "manifest.json";
  public static final String IDS = "item_ids.txt";
  public static final String VECTORS = "item_embeddings.f32";

  private static final ObjectMapper JSON = new JsonMapper();

  private ItemEmbeddingFiles() {}

  /**
   * Reads and checks a version directory's item embeddings.
   *
   * @throws IllegalStateException naming the file and what is wrong with it
   */
  public static ItemEmbeddings read(Path versionDir) {
    try {
      JsonNode manifest = JSON.readTree(versionDir.resolve(MANIFEST).toFile());
      String version = manifest.path("version").asString(versionDir.getFileName().toString());
      int dim = manifest.path("embedding_dim").asInt(0);
      long count = manifest.path("item_count").asLong(-1);
      if (dim <= 0) {
        throw new IllegalStateException(versionDir.resolve(MANIFEST) + ": embedding_dim missing");
      }
      List<String> ids = Files.readAllLines(versionDir.resolve(IDS), StandardCharsets.UTF_8);
      if (!ids.isEmpty() && ids.get(ids.size() - 1).isEmpty()) {
        ids = ids.subList(0, ids.size() - 1);
      }
      if (count >= 0 && count != ids.size()) {
        throw new IllegalStateException(
            versionDir.resolve(IDS) + ": " + ids.size() + " ids but item_count is " + count);
      }
      Path vectorsFile = versionDir.resolve(VECTORS);
      long expected = (long) ids.size() * dim * Float.BYTES;
      long actual = Files.size(vectorsFile);
      if (actual != expected) {
        throw new IllegalStateException(
            vectorsFile
                + ": "
                + actual
                + " bytes, expected "
                + expected
                + " ("
                + ids.size()
                + " x "
                + dim
                + " float32)");
      }
      float[] vectors = new float[Math.toIntExact((long) ids.size() * dim)];
      try (FileChannel ch = FileChannel.open(vectorsFile, StandardOpenOption.READ)) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < vectors.length) {
          buf.clear();
          int want = Math.min(buf.capacity(), (vectors.length - at) * Float.BYTES);
          buf.limit(want);
          while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
              throw new IllegalStateException(vectorsFile + ": truncated");
            }
          }
          buf.flip();
          int n = want / Float.BYTES;
          buf.asFloatBuffer().get(vectors, at, n);
          at += n;
        }
      }
      for (int i = 0; i < vectors.length; i++) {
        if (!Float.isFinite(vectors[i])) {
          throw new IllegalStateException(
              vectorsFile + ": row " + (i / dim) + " holds a non-finite value");
        }
      }
      return new ItemEmbeddings(version, dim, ids, vectors);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read item embeddings in " + versionDir, e);
    }
  }

  /**
   * Writes the item files and, when the directory has none, a minimal manifest (the trainer writes
   * the full one; this is for tools, tests and benchmarks).
   */
  public static void write(Path versionDir, ItemEmbeddings embeddings) {
    try {
      Files.createDirectories(versionDir);
      try (BufferedWriter w = Files.newBufferedWriter(versionDir.resolve(IDS))) {
        for (String id : embeddings.ids()) {
          w.write(id);
          w.write('\n');
        }
      }
      try (FileChannel ch =
          FileChannel.open(
              versionDir.resolve(VECTORS),
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = embeddings.vectors();
        int at = 0;
        while (at < v.length) {
          buf.clear();
          int n = Math.min(buf.capacity() / Float.BYTES, v.length - at);
          buf.asFloatBuffer().put(v, at, n);
          buf.limit(n * Float.BYTES);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          at += n;
        }
      }
      Path manifest = versionDir.resolve(MANIFEST);
      if (!Files.exists(manifest)) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format_version", 1);
        m.put("version", embeddings.modelVersion());
        m.put("created_at", Instant.now().toString());
        m.put("embedding_dim", embeddings.dimension());
        m.put("item_count", embeddings.count());
        JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write item embeddings to " + versionDir, e);
    }
  }
}
