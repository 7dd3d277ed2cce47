package io.overdrive.importer;

import io.overdrive.events.ArchiveParts;
import io.overdrive.events.EventArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One file to import and what it holds, told by its name as in the archive (docs/architecture.md):
 * {@code users*.jsonl[.gz]} signup profiles, {@code items*.jsonl[.gz]} item records and takedowns,
 * {@code events*.jsonl[.gz]} interactions.
 */
record ImportFile(Path path, Kind kind) {
  /** In import order: profiles, then items (so events find their items), then events. */
  enum Kind {
    USERS,
    ITEMS,
    EVENTS
  }

  /**
   * The files of the given paths in import order: a directory gives every archive file under it
   * (snapshots and parts), a file is taken as named.
   *
   * @throws IllegalArgumentException for a path that is missing or a file whose name says nothing
   */
  static List<ImportFile> of(List<Path> paths) {
    List<ImportFile> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          List<Path> files =
              kind == Kind.EVENTS
                  ? EventArchive.eventFiles(p)
                  : ArchiveParts.ofKind(p, kind.name().toLowerCase(Locale.ROOT));
          files.forEach(f -> out.add(new ImportFile(f, kind)));
        } else if (Files.isRegularFile(p)) {
          if (kindOf(p) == kind) {
            out.add(new ImportFile(p, kind));
          }
        } else {
          throw new IllegalArgumentException(p + ": no such file or directory");
        }
      }
    }
    return out;
  }

  static Kind kindOf(Path file) {
    String name = file.getFileName().toString();
    for (Kind kind : Kind.values()) {
      String prefix = kind.name().toLowerCase(Locale.ROOT);
      if (name.startsWith(prefix) && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        file
            + ": cannot tell what it holds; name it users*.jsonl, items*.jsonl or events*.jsonl"
            + " (optionally .gz)");
  }
}
