package io.overdrive.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A bucket prefix in object storage: where the trainer publishes model versions for every API and
 * serving replica, and where consumers ship finished archive parts for the trainer (decision 0304).
 * Keys are relative to the store's prefix and use {@code /}.
 */
public interface ObjectStore extends AutoCloseable {

  /** The text stored under {@code key}, or empty when there is no such object. */
  Optional<String> readText(String key) throws IOException;

  void writeText(String key, String text) throws IOException;

  /** Stores the file's bytes under {@code key} (replacing any object there). */
  void upload(Path file, String key) throws IOException;

  /** Writes the object's bytes to {@code file}, replacing it. */
  void download(String key, Path file) throws IOException;

  /** Keys under {@code prefix} (relative to the store, sorted), every page of the listing. */
  List<String> list(String prefix) throws IOException;

  /** Where the store points, for logs: {@code s3://bucket/prefix}. */
  String describe();

  @Override
  void close();
}
