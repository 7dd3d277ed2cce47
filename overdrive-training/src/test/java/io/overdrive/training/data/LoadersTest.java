package io.overdrive.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.catalogue.CatalogueIngestor;
import io.overdrive.catalogue.FreshItemSettings;
import io.overdrive.catalogue.InMemoryCatalogueLog;
import io.overdrive.catalogue.ItemChange;
import io.overdrive.catalogue.UserChange;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.InteractionType;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.ArchiveParts;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventArchive;
import io.overdrive.features.LearningSettings;
import io.overdrive.privacy.ArchiveCompaction;
import io.overdrive.store.InMemoryFeatureStore;
import io.overdrive.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
  @TempDir Path dir;

  @Test
  void sasRecLinesAreUsersItemsInTimeOrder() throws IOException {
    Path f = dir.resolve("data.txt");
    Files.writeString(f, "1 10\n1 11\n2 10\n1 12\n\n2 13\n");
    InteractionData d = SasRecLoader.load(f, 0);
    assertThat(d.userCount()).isEqualTo(2);
    assertThat(d.itemCount()).isEqualTo(4);
    assertThat(ids(d, 0)).containsExactly("10", "11", "12");
    assertThat(ids(d, 1)).containsExactly("10", "13");
    assertThat(SasRecLoader.load(dir, 0).interactionCount())
        .as("a directory with one .txt")
        .isEqualTo(5);
  }

  @Test
  void malformedSasRecLinesFailWithFileAndLine() throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "1 10\n1 11\n1 12 5\n");
    assertThatThrownBy(() -> SasRecLoader.load(f, 0))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(f + ":3:")
        .hasMessageContaining("two integers")
        .satisfies(e -> assertThat(((MalformedDataException) e).line()).isEqualTo(3));
    Files.writeString(f, "1 10\nx 11\n");
    assertThatThrownBy(() -> SasRecLoader.load(f, 0))
        .hasMessageStartingWith(f + ":2:")
        .hasMessageContaining("user id");
    Files.writeString(f, "1 10\n0 11\n");
    assertThatThrownBy(() -> SasRecLoader.load(f, 0))
        .hasMessageStartingWith(f + ":2:")
        .hasMessageContaining("start at 1");
  }

  @Test
  void movieLens100kGenresBecomeHashtagsAndTimestampsOrder() throws IOException {
    Files.writeString(
        dir.resolve("u.data"), "1\t20\t4\t300\n1\t10\t5\t100\n2\t10\t3\t50\n1\t30\t2\t200\n");
    String flags19 = "0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0|0"; // Sci-Fi
    Files.writeString(
        dir.resolve("u.item"),
        "10|Star Wars (1977)|01-Jan-1977||http://x|"
            + flags19
            + "\n"
            + "20|Toy Story (1995)|01-Jan-1995||http://y|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
    Files.writeString(dir.resolve("u.user"), "1|24|M|technician|85711\n2|53|F|other|94043\n");
    InteractionData d = MovieLensLoader.load(dir, 0);
    assertThat(ids(d, d.userIds().indexOf("1"))).containsExactly("10", "30", "20");
    assertThat(d.item(d.itemIndex("10")).hashtags()).containsExactly("sci_fi");
    assertThat(d.item(d.itemIndex("20")).hashtags())
        .containsExactly("animation", "children_s", "comedy");
    assertThat(d.item(d.itemIndex("10")).text()).isEqualTo("Star Wars (1977)");
    assertThat(d.profile(d.userIds().indexOf("1")).bio()).isEqualTo("technician");
  }

  @Test
  void malformedMovieLensFilesFailWithFileAndLine() throws IOException {
    Files.writeString(dir.resolve("u.data"), "1\t20\t4\t300\n1\t10\t5\n");
    assertThatThrownBy(() -> MovieLensLoader.load(dir, 0))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(dir.resolve("u.data") + ":2:");
    Files.writeString(dir.resolve("u.data"), "1\t20\t4\t300\n");
    Files.writeString(
        dir.resolve("u.item"), "20|Toy Story|x||y|0|0|2|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
    assertThatThrownBy(() -> MovieLensLoader.load(dir, 0))
        .hasMessageStartingWith(dir.resolve("u.item") + ":1:")
        .hasMessageContaining("0 or 1");
  }

  @Test
  void movieLensCsvReadsQuotedTitlesGenresAndTags() throws IOException {
    Files.writeString(
        dir.resolve("ratings.csv"),
        "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n2,1,3.5,964982224\n");
    Files.writeString(
        dir.resolve("movies.csv"),
        "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n3,\"Grumpier Old Men, The (1995)\",Comedy|Romance\n");
    Files.writeString(
        dir.resolve("tags.csv"),
        "userId,movieId,tag,timestamp\n2,1,pixar,1\n3,1,Pixar,2\n4,3,old age,3\n");
    InteractionData d = MovieLensLoader.load(dir, 0);
    assertThat(ids(d, 0)).containsExactly("3", "1");
    assertThat(d.item(d.itemIndex("3")).text()).isEqualTo("Grumpier Old Men, The (1995)");
    assertThat(d.item(d.itemIndex("3")).hashtags()).containsExactly("comedy", "romance", "old_age");
    assertThat(d.item(d.itemIndex("1")).hashtags())
        .containsExactly("adventure", "animation", "pixar");
  }

  @Test
  void malformedCsvFailsWithFileAndLine() throws IOException {
    Files.writeString(
        dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,9\n1,2,good,10\n");
    assertThatThrownBy(() -> MovieLensLoader.load(dir, 0))
        .hasMessageStartingWith(dir.resolve("ratings.csv") + ":3:")
        .hasMessageContaining("rating");
  }

  @Test
  void movieLens1mDatFilesAreRecognised() throws IOException {
    Files.writeString(dir.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n");
    Files.writeString(
        dir.resolve("movies.dat"),
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n");
    Files.writeString(dir.resolve("users.dat"), "1::F::1::10::48067\n");
    InteractionData d = MovieLensLoader.load(dir, 0);
    assertThat(ids(d, 0)).containsExactly("1193", "661");
    assertThat(d.item(d.itemIndex("661")).hashtags())
        .containsExactly("animation", "children_s", "musical");
  }

  @Test
  void minInteractionsDropsRareUsersAndItemsAsSasRecPreprocessingDoes() throws IOException {
    Path f = dir.resolve("d.txt");
    Files.writeString(f, "1 1\n1 2\n2 1\n2 2\n3 1\n3 3\n");
    InteractionData d = SasRecLoader.load(f, 2);
    // item 3 has one interaction; every user has two raw interactions
    assertThat(d.itemIds()).containsExactly("1", "2");
    assertThat(d.userCount()).isEqualTo(3);
    assertThat(ids(d, 2)).containsExactly("1");
  }

  @Test
  void archiveKeepsPositiveInteractionsAndReadsTheCatalogue() throws IOException {
    Files.writeString(
        dir.resolve("items.jsonl"),
        "{\"id\":\"n1\",\"author_id\":\"a1\",\"content\":\"new #ps5 game\",\"hashtags\":[\"gaming\"],\"media_types\":[\"video\"],\"engagement_rate\":0.1}\n");
    Files.writeString(
        dir.resolve("users.jsonl"),
        "{\"user_id\":\"u1\",\"interests\":[\"gaming\"],\"bio\":\"gamer\"}\n");
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("events-1.jsonl.gz")))) {
      out.write(
          ("""
          {"event_id":"e1","user_id":"u1","item_id":"n1","type":"impression","timestamp":"2026-11-26T10:00:00Z"}
          {"event_id":"e2","user_id":"u1","item_id":"n2","type":"like","timestamp":"2026-11-26T10:02:00Z","hashtags":["food"],"author_id":"a2"}
          {"event_id":"e3","user_id":"u1","item_id":"n1","type":"view","dwell_ms":9000,"timestamp":"2026-11-26T10:01:00Z"}
          {"event_id":"e4","user_id":"u1","item_id":"n3","type":"view","dwell_ms":300,"timestamp":"2026-11-26T10:03:00Z"}
          {"event_id":"e5","user_id":"u1","item_id":"n4","type":"skip","timestamp":"2026-11-26T10:04:00Z"}
          """)
              .getBytes(StandardCharsets.UTF_8));
    }
    InteractionData d = ArchiveLoader.load(dir, 0);
    // impression, bounce view (300 ms) and skip are not interactions; order by timestamp
    assertThat(ids(d, 0)).containsExactly("n1", "n2");
    assertThat(d.item(d.itemIndex("n1")).mediaTypes()).containsExactly("video");
    assertThat(d.item(d.itemIndex("n2")).hashtags()).containsExactly("food");
    assertThat(d.profile(0).interests()).containsExactly("gaming");
  }

  @Test
  void theArchiveTheConsumerAndTheApiWriteIsReadBackWithTheLatestCatalogue() throws IOException {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    MutableClock clock = new MutableClock(t);
    LearningSettings learning = LearningSettings.defaults();
    InMemoryFeatureStore store =
        new InMemoryFeatureStore(
            learning.decay(), learning.sequenceLength(), learning.sessionTimeout().toMillis());
    try (ArchiveWriter archive = new ArchiveWriter(dir, Duration.ofHours(1), 1 << 20, clock)) {
      CatalogueIngestor ingestor =
          new CatalogueIngestor(
              store,
              new InMemoryCatalogueLog(),
              FreshItemSettings.defaults(),
              Optional.of(archive),
              clock);
      Item draft = new Item("c1", "a1", "draft", List.of(), List.of(), t, null, null);
      Item c1 =
          new Item("c1", "a1", "final cut", List.of("travel"), List.of("video"), t, null, null);
      Item bare = new Item("c2", null, null, List.of(), List.of(), t, null, null);
      Item gone = new Item("c3", "a2", "oops", List.of("food"), List.of(), t, null, null);
      ingestor.applyItems(
          List.of(
              ItemChange.upsert(draft, t), ItemChange.upsert(bare, t), ItemChange.upsert(gone, t)));
      ingestor.applyItems(
          List.of(
              ItemChange.upsert(c1, t.plusSeconds(5)),
              ItemChange.takedown("c3", t.plusSeconds(6))));
      ingestor.applyUsers(
          List.of(
              UserChange.profile(new UserProfile("u1", List.of("travel"), "", List.of(), t)),
              UserChange.profile(new UserProfile("u2", List.of("food"), "", List.of(), t)),
              UserChange.erasure("u2", t.plusSeconds(1))));
      List<Interaction> events = new ArrayList<>();
      int k = 0;
      for (String user : List.of("u1", "u2", "u3")) {
        for (String item : List.of("c1", "c2", "c3")) {
          events.add(
              Interaction.of("e" + k, user, item, InteractionType.LIKE, t.plusSeconds(10 + k++)));
        }
      }
      archive.append(events);
    }

    InteractionData d = ArchiveLoader.load(dir, 0);

    assertThat(d.item(d.itemIndex("c1")).text()).isEqualTo("final cut");
    assertThat(d.itemIds()).as("a taken-down item is not trained on").doesNotContain("c3");
    assertThat(d.itemsWithContent()).isEqualTo(1);
    assertThat(d.itemCount()).isEqualTo(2);
    assertThat(d.usersWithProfile()).as("u2 was erased").isEqualTo(1);
    assertThat(d.profile(d.userIds().indexOf("u1")).interests()).containsExactly("travel");
  }

  @Test
  void anErasedUsersPastIsNotTrainedOnWhetherOrNotTheArchiveWasCompacted() throws IOException {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    MutableClock clock = new MutableClock(t);
    try (ArchiveWriter archive = new ArchiveWriter(dir, Duration.ofHours(1), 1 << 20, clock)) {
      List<Interaction> before = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        before.add(
            Interaction.of("a" + k, "alice", "c" + k, InteractionType.LIKE, t.plusSeconds(k)));
        before.add(Interaction.of("b" + k, "bob", "c" + k, InteractionType.LIKE, t.plusSeconds(k)));
      }
      archive.append(before);
      archive.appendLines(
          ArchiveParts.USERS,
          List.of(CatalogueJson.userChangeToJson(UserChange.erasure("alice", t.plusSeconds(60)))));
      // alice comes back after the erasure: that is a new start, learned
      archive.append(
          List.of(
              Interaction.of("a9", "alice", "c9", InteractionType.LIKE, t.plusSeconds(120)),
              Interaction.of("a10", "alice", "c3", InteractionType.LIKE, t.plusSeconds(121))));
    }

    InteractionData read = ArchiveLoader.load(dir, 0);
    ArchiveCompaction.eraseUsers(dir);
    InteractionData compacted = ArchiveLoader.load(dir, 0);

    for (InteractionData d : List.of(read, compacted)) {
      assertThat(ids(d, d.userIds().indexOf("alice"))).containsExactly("c9", "c3");
      assertThat(ids(d, d.userIds().indexOf("bob"))).containsExactly("c0", "c1", "c2", "c3");
    }
    assertThat(EventArchive.readAll(dir))
        .filteredOn(e -> e.userId().equals("alice"))
        .extracting(Interaction::eventId)
        .containsExactly("a9", "a10");
  }

  @Test
  void malformedArchiveLinesFailWithFileLineAndField() throws IOException {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        events,
        "{\"event_id\":\"e1\",\"user_id\":\"u1\",\"item_id\":\"n1\",\"type\":\"like\",\"timestamp\":\"2026-11-26T10:00:00Z\"}\n"
            + "{\"event_id\":\"e2\",\"user_id\":\"u1\",\"item_id\":\"n1\",\"type\":\"like\",\"timestamp\":\"yesterday\"}\n");
    assertThatThrownBy(() -> ArchiveLoader.load(dir, 0))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(events + ":2:")
        .hasMessageContaining("timestamp");
    Files.writeString(events, "{not json\n");
    assertThatThrownBy(() -> ArchiveLoader.load(dir, 0)).hasMessageStartingWith(events + ":1:");
  }

  @Test
  void anEmptyOrWrongDirectoryIsReported() throws IOException {
    assertThatThrownBy(() -> ArchiveLoader.load(dir, 0)).hasMessageContaining("no event files");
    assertThatThrownBy(() -> MovieLensLoader.load(dir, 0))
        .hasMessageContaining("not a MovieLens directory");
    assertThatThrownBy(() -> SasRecLoader.load(dir.resolve("missing.txt"), 0))
        .hasMessageContaining("no such file");
  }

  private static java.util.List<String> ids(InteractionData d, int user) {
    return java.util.Arrays.stream(d.sequence(user)).mapToObj(d::itemId).toList();
  }
}
