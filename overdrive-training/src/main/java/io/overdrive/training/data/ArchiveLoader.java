package io.overdrive.training.data;

import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InvalidInputException;
import io.overdrive.domain.Item;
import io.overdrive.events.EventArchive;
import io.overdrive.events.EventJson;
import io.overdrive.features.InteractionUpdater;
import io.overdrive.features.LearningSettings;
import io.overdrive.interests.InterestTaxonomy;
import io.overdrive.privacy.ArchivedErasures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project's interaction archive: every {@code events*.jsonl} / {@code events*.jsonl.gz} file
 * under the directory ({@link EventArchive#eventFiles}: the consumer's hourly parts, the synthetic
 * generator's {@code events.jsonl}) holds {@link EventJson} lines; the catalogue, when present,
 * describes items and users: the snapshots {@code items.jsonl} / {@code users.jsonl} and the change
 * parts the consumer and the standalone API write ({@code items-*.jsonl.gz}, {@code
 * users-*.jsonl.gz}), folded to the latest record per id by {@link CatalogueArchive}. A taken-down
 * item is not trained on (its events are skipped: a model must not learn to serve it); an erased
 * user's profile is gone, and their events up to the erasure are skipped ({@link ArchivedErasures}:
 * the archive's erasure records, whether or not {@code ArchiveCompaction} has removed those events
 * from the files yet).
 *
 * <p>An interaction is an event that puts the item on the user's recent-items sequence when serving
 * ({@link InteractionUpdater#entersSequence}): a view that is not a bounce, a like, share, comment
 * or follow. Impressions and negative signals are not interactions. Unlike the tolerant {@link
 * EventArchive} reader, training stops at a malformed line and names it: a model should not be
 * trained on data nobody looked at.
 */
public final class ArchiveLoader {
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
    CatalogueArchive.BadLines stop =
        (file, line, message) -> {
          throw new MalformedDataException(file, line, message);
        };
    CatalogueArchive.Items catalogue = CatalogueArchive.items(dir, stop);
    catalogue.items().values().forEach(b::itemInfo);
    CatalogueArchive.users(dir, stop).profiles().values().forEach(b::profile);
    ArchivedErasures erased = ArchivedErasures.read(dir, stop);
    Set<String> takenDown = catalogue.takenDown();
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
            if (!updater.entersSequence(e)
                || takenDown.contains(e.itemId())
                || erased.covers(e.userId(), e.timestamp())) {
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
}
