package io.overdrive.privacy;

import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.domain.Interaction;
import io.overdrive.events.EventArchive;
import io.overdrive.events.RankingArchive;
import io.overdrive.outcomes.ServedRanking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an archive directory holds about one user, for a data-access request: their events and the
 * rankings served to them, once each, in file (= time) order. An erased past ({@link
 * ArchivedErasures}) is left out: it is no longer used for anything and the next {@link
 * ArchiveCompaction} deletes it. Reads the whole archive (every part is scanned), which is fine for
 * an occasional request and is why it is not a ranking-time read.
 */
public record ArchivedUserData(List<Interaction> events, List<ServedRanking> rankings) {
  public static ArchivedUserData read(Path dir, String userId) {
    ArchivedErasures erased = ArchivedErasures.read(dir, CatalogueArchive.BadLines.SKIP);
    List<Interaction> events = new ArrayList<>();
    EventArchive.forEach(
        dir,
        e -> {
          if (e.userId().equals(userId) && !erased.covers(userId, e.timestamp())) {
            events.add(e);
          }
        });
    List<ServedRanking> rankings = new ArrayList<>();
    RankingArchive.forEach(
        dir,
        r -> {
          if (r.userId().equals(userId) && !erased.covers(userId, r.servedAt())) {
            rankings.add(r);
          }
        });
    return new ArchivedUserData(List.copyOf(events), List.copyOf(rankings));
  }

  public boolean isEmpty() {
    return events.isEmpty() && rankings.isEmpty();
  }
}
