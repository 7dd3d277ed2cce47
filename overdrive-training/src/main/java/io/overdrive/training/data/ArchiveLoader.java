package io.overdrive.training.data;

import io.overdrive.domain.Interaction;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.events.EventJson;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's interaction archive: every {@code events*.jsonl} / {@code events*.jsonl.gz} file
 * under the directory ({@link EventArchive#eventFiles}: the consumer's hourly parts, the synthetic
 * generator's {@code events.jsonl}) holds {@link EventJson} lines; {@code items.jsonl} and {@code
 * users.jsonl}, when present, describe items and users.
 *
 * <p>An interaction is an event that puts the item on the user's recent-items sequence when serving
 * ({@link InteractionUpdater#entersSequence}): a view that is not a bounce, a like, share, comment
 * or follow. Impressions and negative signals are not interactions. Unlike the tolerant {@link
 * EventArchive} reader, training stops at a malformed line and names it: a model should not be
 * trained on data nobody looked at.
 */
public final class ArchiveLoader {
  static final String ITEMS = "items.jsonl";
  static final String USERS = "users.jsonl";

  private ArchiveLoader() {}

  public static InteractionData load(Path dir, int minInteractions) {
    if (!Files.isDirectory(dir)) {
      throw new MalformedDataException(dir, 0, "--data-dir must be a directory of .jsonl files");
    }
    InteractionData.Builder b =
        InteractionData.builder(dir.toString()).minInteractions(minInteractions);
    // the same rule that puts an item on a user's recent-items sequence when serving
    InteractionUpdater updater =
        new InteractionUpdater(InterestTaxonomy.empty(), LearningSettings.defaults());
    Path items = dir.resolve(ITEMS);
    if (Files.exists(items)) {
      Lines.read(items, StandardCharsets.UTF_8, (n, line) -> b.itemInfo(parseItem(line)));
    }
    Path users = dir.resolve(USERS);
    if (Files.exists(users)) {
      Lines.read(
          users,
          StandardCharsets.UTF_8,
          (n, line) -> {
            var profile = CatalogueJson.parseUser(line);
            if (profile.userId().isBlank()) {
              throw new IllegalArgumentException("user_id is required");
            }
            b.profile(profile);
          });
    }
    List<Path> files = EventArchive.eventFiles(dir);
    if (files.isEmpty()) {
      throw new MalformedDataException(
          dir, 0, "no event files (events*.jsonl, events*.jsonl.gz) found");
    }
    Map<String, Item> fromEvents = new HashMap<>();
    for (Path f : files) {
      Lines.read(
          f,
          StandardCharsets.UTF_8,
          (n, line) -> {
            Interaction e;
            try {
              e = EventJson.parse(line);
            } catch (InvalidInputException ex) {
              throw new IllegalArgumentException(ex.field() + ": " + ex.getMessage());
            }
            if (!updater.entersSequence(e)) {
              return;
            }
            b.interaction(e.userId(), e.itemId(), e.timestamp().toEpochMilli());
            if (!b.hasItemInfo(e.itemId()) && (e.authorId() != null || !e.hashtags().isEmpty())) {
              fromEvents.putIfAbsent(
                  e.itemId(),
                  new Item(
                      e.itemId(), e.authorId(), null, e.hashtags(), List.of(), null, null, null));
            }
          });
    }
    fromEvents.forEach(
        (id, item) -> {
          if (!b.hasItemInfo(id)) {
            b.itemInfo(item);
          }
        });
    return b.build();
  }

  private static Item parseItem(String line) {
    Item item;
    try {
      item = CatalogueJson.parseItem(line);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid item: " + e.getMessage());
    }
    if (item.id() == null || item.id().isBlank()) {
      throw new IllegalArgumentException("id is required");
    }
    return item;
  }
}
