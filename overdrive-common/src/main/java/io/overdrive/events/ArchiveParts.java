package io.overdrive.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kinds of file the training archive holds, by name: {@code events*} (interactions, {@link
 * EventArchive}), {@code items-*} and {@code users-*} (catalogue changes, {@code
 * io.overdrive.catalogue.CatalogueArchive}), each {@code .jsonl} or {@code .jsonl.gz}. Finished
 * parts of every kind are immutable, so shipping and fetching them is the same for all ({@link
 * ArchiveShipper}, {@link ArchiveFetcher}). The snapshots {@code items.jsonl} and {@code
 * users.jsonl} (the generator's) are read but never shipped.
 */
public final class ArchiveParts {
  public static final String EVENTS = "events";
  public static final String ITEMS = "items";
  public static final String USERS = "users";

  private static final Set<String> KINDS = Set.of(EVENTS, ITEMS, USERS);

  private ArchiveParts() {}

  static void requireKind(String kind) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown archive part kind '" + kind + "'");
    }
  }

  /** Whether a file name is a finished part the writer wrote (of any kind). */
  public static boolean isPart(String fileName) {
    if (!(fileName.endsWith(".jsonl") || fileName.endsWith(".jsonl.gz"))) {
      return false;
    }
    return fileName.startsWith(EVENTS + "-")
        || fileName.startsWith(ITEMS + "-")
        || fileName.startsWith(USERS + "-");
  }

  /**
   * Whether a file name is a part of {@code kind}, or that kind's snapshot ({@code items.jsonl}).
   */
  public static boolean isOfKind(String fileName, String kind) {
    return (fileName.startsWith(kind + "-") || fileName.startsWith(kind + "."))
        && (fileName.endsWith(".jsonl") || fileName.endsWith(".jsonl.gz"));
  }

  /** The finished parts under {@code root}, of every kind, in path order. */
  public static List<Path> finished(Path root) {
    return files(root, name -> isPart(name));
  }

  /** The parts of one kind and its snapshot under {@code root}, in path order. */
  public static List<Path> ofKind(Path root, String kind) {
    return files(root, name -> isOfKind(name, kind));
  }

  private static List<Path> files(Path root, java.util.function.Predicate<String> name) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> name.test(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
