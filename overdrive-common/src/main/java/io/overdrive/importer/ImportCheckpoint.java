package io.overdrive.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where an import stands, so an interrupted one resumes: per input file, how many of its lines were
 * acknowledged by the API (sent and answered, or rejected), with the file's size and modification
 * time to refuse resuming over a file that changed. Written atomically after every batch; a batch
 * sent but not yet recorded is sent again on resume, which the API absorbs (events count once by
 * event id, items and profiles are replaced by id).
 */
final class ImportCheckpoint {
  private static final ObjectMapper JSON = new JsonMapper();

  private final Path file;
  private final Map<String, Progress> files = new LinkedHashMap<>();

  /** One input file's progress. */
  record Progress(long linesDone, long size, long modified) {}

  private ImportCheckpoint(Path file) {
    this.file = file;
  }

  static ImportCheckpoint load(Path file) {
    ImportCheckpoint c = new ImportCheckpoint(file);
    if (!Files.exists(file)) {
      return c;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      for (var e : n.path("files").properties()) {
        JsonNode p = e.getValue();
        c.files.put(
            e.getKey(),
            new Progress(
                p.path("lines_done").asLong(),
                p.path("size").asLong(),
                p.path("modified").asLong()));
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file + " is not an import checkpoint (" + e.getMessage() + "); delete it to start over");
    }
    return c;
  }

  /**
   * Lines of {@code input} already done.
   *
   * @throws IllegalStateException when the file changed since the checkpoint was written
   */
  long linesDone(Path input) throws IOException {
    Progress p = files.get(key(input));
    if (p == null) {
      return 0;
    }
    if (p.size() != Files.size(input)
        || p.modified() != Files.getLastModifiedTime(input).toMillis()) {
      throw new IllegalStateException(
          input
              + " changed since the checkpoint "
              + file
              + " was written; delete the checkpoint to import from the start");
    }
    return p.linesDone();
  }

  synchronized void done(Path input, long linesDone) {
    try {
      files.put(
          key(input),
          new Progress(linesDone, Files.size(input), Files.getLastModifiedTime(input).toMillis()));
      save();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
  }

  private void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode fs = root.putObject("files");
    files.forEach(
        (k, p) -> {
          ObjectNode n = fs.putObject(k);
          n.put("lines_done", p.linesDone());
          n.put("size", p.size());
          n.put("modified", p.modified());
        });
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(root));
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String key(Path input) {
    return input.toAbsolutePath().normalize().toString();
  }

  Path file() {
    return file;
  }
}
