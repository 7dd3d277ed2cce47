package io.overdrive.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveParts;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.events.RankingArchive;
import io.overdrive.outcomes.ServedRanking;
import io.overdrive.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure recorded in the archive removes the user's past from the files the consumer wrote:
 * events, served rankings and signup profiles up to the erasure, in every part, while what the user
 * did after it, other users' data and lines nobody can read stay.
 */
class ArchiveCompactionTest {
  private static final Instant T0 = Instant.parse("2026-12-06T09:30:00Z");
  @TempDir Path dir;

  @Test
  void anErasedUsersPastLeavesEveryPartAndWhatCameAfterStays() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (ArchiveWriter w = new ArchiveWriter(dir, Duration.ofMinutes(5), 1 << 20, clock)) {
      w.appendLines(
          ArchiveParts.USERS,
          List.of(
              profile("alice", T0),
              profile("bob", T0),
              CatalogueJson.userChangeToJson(UserChange.erasure("carol", T0))));
      w.append(events("alice", 0, 10));
      w.append(events("bob", 0, 10));
      w.appendRankings(List.of(ranking("r-alice", "alice", 5), ranking("r-bob", "bob", 5)));
      clock.advance(Duration.ofMinutes(40)); // next hour: the parts above are sealed
      w.append(events("alice", 10, 5)); // still before the erasure, in another part
      // DELETE /users/alice at T0 + 50 min; then alice comes back
      w.appendLines(
          ArchiveParts.USERS,
          List.of(
              CatalogueJson.userChangeToJson(UserChange.erasure("alice", T0.plusSeconds(3000)))));
      w.append(events("alice", 3100, 3));
      w.appendLines(ArchiveParts.USERS, List.of(profile("alice", T0.plusSeconds(3200))));
    }
    // a line of the user nobody can read any more is not ours to delete
    Files.writeString(
        dir.resolve("events-legacy.jsonl"),
        "{\"user_id\":\"alice\",\"garbled\n"
            + "{\"event_id\":\"x1\",\"user_id\":\"alice\",\"item_id\":\"n1\",\"type\":\"like\","
            + "\"timestamp\":\"2026-12-06T09:00:00Z\"}\n",
        StandardCharsets.UTF_8);
    long bobEvents = count(EventArchive.readAll(dir), "bob");

    ArchiveCompaction.Result r = ArchiveCompaction.eraseUsers(dir);

    assertThat(r.events()).isEqualTo(16); // 10 + 5 + the legacy file's readable one
    assertThat(r.rankings()).isEqualTo(1);
    assertThat(r.profiles()).isEqualTo(1);
    assertThat(r.rewritten()).hasSize(5);
    List<Interaction> left = EventArchive.readAll(dir);
    assertThat(left.stream().filter(e -> e.userId().equals("alice")))
        .as("only what alice did after the erasure")
        .extracting(Interaction::eventId)
        .containsExactlyInAnyOrder("alice-e3100", "alice-e3101", "alice-e3102");
    assertThat(count(left, "bob")).isEqualTo(bobEvents).isEqualTo(10);
    assertThat(RankingArchive.readAll(dir))
        .extracting(ServedRanking::rankingId)
        .containsExactly("r-bob");
    CatalogueArchive.Users users = CatalogueArchive.users(dir, CatalogueArchive.BadLines.SKIP);
    assertThat(users.profiles().get("alice").updatedAt()).isEqualTo(T0.plusSeconds(3200));
    assertThat(users.profiles()).containsKey("bob");
    assertThat(CatalogueArchive.erasures(dir, CatalogueArchive.BadLines.SKIP))
        .as("the erasure records stay: they keep late copies out")
        .containsKeys("alice", "carol");
    assertThat(Files.readString(dir.resolve("events-legacy.jsonl")))
        .isEqualTo("{\"user_id\":\"alice\",\"garbled\n");
    try (var files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".erasing"));
    }

    ArchiveCompaction.Result again = ArchiveCompaction.eraseUsers(dir);
    assertThat(again.rewritten()).as("nothing left to remove").isEmpty();
  }

  @Test
  void anArchiveWithoutErasuresIsNotTouched() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (ArchiveWriter w = new ArchiveWriter(dir, Duration.ofMinutes(5), 1 << 20, clock)) {
      w.append(events("alice", 0, 3));
    }
    Path part = EventArchive.eventFiles(dir).get(0);
    var modified = Files.getLastModifiedTime(part);
    assertThat(ArchiveCompaction.eraseUsers(dir).rewritten()).isEmpty();
    assertThat(Files.getLastModifiedTime(part)).isEqualTo(modified);
    assertThat(EventArchive.readAll(dir)).hasSize(3);
  }

  static List<Interaction> events(String user, int from, int n) {
    List<Interaction> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(
          Interaction.of(
              user + "-e" + i, user, "n" + (i % 7), InteractionType.LIKE, T0.plusSeconds(i)));
    }
    return out;
  }

  private static String profile(String user, Instant at) {
    return CatalogueJson.userChangeToJson(
        UserChange.profile(new UserProfile(user, List.of("travel"), "hi", List.of(), at)));
  }

  private static ServedRanking ranking(String id, String user, int second) {
    return new ServedRanking(
        id,
        user,
        "default",
        "control",
        "v1",
        "request",
        T0.plusSeconds(second),
        List.of(new ServedRanking.Item("n1", 0, 0.5)));
  }

  private static long count(List<Interaction> events, String user) {
    return events.stream().filter(e -> e.userId().equals(user)).count();
  }
}
