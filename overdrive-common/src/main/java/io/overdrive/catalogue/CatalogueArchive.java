package io.overdrive.catalogue;

import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveParts;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the catalogue of an archive directory: the latest record of every item and user, from the
 * snapshots {@code items.jsonl} / {@code users.jsonl} and every change part {@code
 * items-*.jsonl.gz} / {@code users-*.jsonl.gz} under the directory (recursively; the consumer's and
 * the standalone API's layout, decision 0205). Changes are folded by their {@code updated_at} (the
 * time the API accepted them), not by file, so parts written by several consumers (partitions move
 * between them) or fetched from object storage in any order give the same catalogue; of two changes
 * of an id with the same time, the later in path order wins. A takedown removes the item (its id is
 * in {@link Items#takenDown()}), an erasure the user.
 */
public final class CatalogueArchive {
  private CatalogueArchive() {}

  /** What to do with a line that does not read: skip and count it, or stop (the trainer). */
  public interface BadLines {
    void bad(Path file, long line, String message);

    BadLines SKIP = (file, line, message) -> {};
  }

  /** The latest item records, and the ids whose latest change is a takedown. */
  public record Items(Map<String, Item> items, Set<String> takenDown) {}

  /** The latest signup profiles, and the ids whose latest change is an erasure. */
  public record Users(Map<String, UserProfile> profiles, Set<String> erased) {}

  public static Items items(Path dir, BadLines bad) {
    Map<String, ItemChange> latest =
        fold(
            dir,
            ArchiveParts.ITEMS,
            CatalogueJson::parseItemChange,
            ItemChange::itemId,
            ItemChange::at,
            bad);
    Map<String, Item> items = new LinkedHashMap<>();
    Set<String> down = new HashSet<>();
    latest.forEach(
        (id, c) -> {
          if (c.isTakedown()) {
            down.add(id);
          } else {
            items.put(id, c.item());
          }
        });
    return new Items(Collections.unmodifiableMap(items), Collections.unmodifiableSet(down));
  }

  public static Users users(Path dir, BadLines bad) {
    Map<String, UserChange> latest =
        fold(
            dir,
            ArchiveParts.USERS,
            CatalogueJson::parseUserChange,
            UserChange::userId,
            UserChange::at,
            bad);
    Map<String, UserProfile> profiles = new LinkedHashMap<>();
    Set<String> erased = new HashSet<>();
    latest.forEach(
        (id, c) -> {
          if (c.isErasure()) {
            erased.add(id);
          } else {
            profiles.put(id, c.profile());
          }
        });
    return new Users(Collections.unmodifiableMap(profiles), Collections.unmodifiableSet(erased));
  }

  /**
   * When each user was last erased, whatever came after (a user who signs up again after an erasure
   * is in the map too): the archive's events and rankings of that user up to that time are an
   * erased past ({@code io.overdrive.privacy.ArchivedErasures}).
   */
  public static Map<String, Instant> erasures(Path dir, BadLines bad) {
    Map<String, UserChange> latest =
        fold(
            dir,
            ArchiveParts.USERS,
            line -> {
              UserChange c = CatalogueJson.parseUserChange(line);
              return c.isErasure() ? c : null;
            },
            UserChange::userId,
            UserChange::at,
            bad);
    Map<String, Instant> at = new HashMap<>();
    latest.forEach((id, c) -> at.put(id, c.at()));
    return Collections.unmodifiableMap(at);
  }

  /** Folds the latest change per id; a line {@code parse} maps to null is left out. */
  private static <C> Map<String, C> fold(
      Path dir,
      String kind,
      Function<String, C> parse,
      Function<C, String> id,
      Function<C, Instant> at,
      BadLines bad) {
    Map<String, C> latest = new HashMap<>();
    for (Path file : ArchiveParts.ofKind(dir, kind)) {
      List<String> lines = EventArchive.lines(file);
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n);
        if (line.isBlank()) {
          continue;
        }
        C change;
        try {
          change = parse.apply(line);
        } catch (InvalidInputException e) {
          bad.bad(file, n + 1, e.field() + ": " + e.getMessage());
          continue;
        } catch (RuntimeException e) {
          bad.bad(file, n + 1, e.getMessage());
          continue;
        }
        if (change == null) {
          continue;
        }
        latest.merge(
            id.apply(change),
            change,
            (old, neu) -> at.apply(neu).isBefore(at.apply(old)) ? old : neu);
      }
    }
    return latest;
  }
}
