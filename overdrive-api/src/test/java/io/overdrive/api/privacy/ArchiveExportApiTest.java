package io.overdrive.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.domain.Interaction;
import io.overdrive.events.EventArchive;
import io.overdrive.privacy.ArchiveCompaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A data-access request and an erasure against the standalone API with its training archive: the
 * export holds the user's archived events and served rankings (including those of the last minutes,
 * not yet in a finished part) and nobody else's; after {@code DELETE /users/{id}} the export no
 * longer shows the erased past, what the user does afterwards is theirs again, and a compaction
 * removes the erased past from the archive's files.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "overdrive.rate-limit.enabled=false")
class ArchiveExportApiTest {
  static final Path ARCHIVE = tempDir();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("overdrive.archive-dir", ARCHIVE::toString);
  }

  @LocalServerPort int port;

  @Test
  void theExportHoldsTheArchiveAndAnErasedPastLeavesItForGood() throws IOException {
    ApiClient api = new ApiClient(port);
    Instant t = Instant.now().minusSeconds(600);
    assertThat(
            api.post(
                    "/events",
                    "["
                        + event("x1", "alice", "n1", "like", t)
                        + ","
                        + event("x2", "alice", "n2", "view", t.plusSeconds(1))
                        + ","
                        + event("y1", "bob", "n1", "like", t.plusSeconds(2))
                        + "]")
                .status())
        .isLessThan(300);
    JsonNode ranked =
        api.post(
                "/rank/for-you",
                "{\"user_id\": \"alice\", \"candidate_items\": [{\"id\": \"n1\"}, {\"id\": \"n3\"}]}")
            .json();
    String rankingId = ranked.get("ranking_id").asString();

    JsonNode export = api.get("/users/alice/export").json();
    JsonNode archive = export.get("archive");
    assertThat(archive.get("dir").asString()).isEqualTo(ARCHIVE.toString());
    assertThat(ids(archive.get("events"), "event_id")).containsExactly("x1", "x2");
    assertThat(archive.get("events").get(0).get("item_id").asString()).isEqualTo("n1");
    assertThat(ids(archive.get("rankings"), "ranking_id")).containsExactly(rankingId);
    assertThat(ids(api.get("/users/bob/export").json().get("archive").get("events"), "event_id"))
        .containsExactly("y1");

    assertThat(api.delete("/users/alice").status()).isEqualTo(200);
    assertThat(api.get("/users/alice/export").status())
        .as("nothing held: the store is erased and the archive's past is no longer the user's")
        .isEqualTo(404);

    Instant after = Instant.now().plusSeconds(1);
    api.post("/events", event("x3", "alice", "n4", "like", after));
    JsonNode back = api.get("/users/alice/export").json();
    assertThat(ids(back.get("archive").get("events"), "event_id")).containsExactly("x3");

    ArchiveCompaction.Result compacted = ArchiveCompaction.eraseUsers(ARCHIVE);
    assertThat(compacted.events()).isEqualTo(2);
    assertThat(compacted.rankings()).isEqualTo(1);
    assertThat(EventArchive.readAll(ARCHIVE))
        .filteredOn(e -> e.userId().equals("alice"))
        .extracting(Interaction::eventId)
        .containsExactly("x3");
  }

  @Test
  void aUserNobodyKnowsIsNotFound() {
    assertThat(new ApiClient(port).get("/users/nobody-at-all/export").status()).isEqualTo(404);
  }

  private static String event(String id, String user, String item, String type, Instant at) {
    return "{\"event_id\": \""
        + id
        + "\", \"user_id\": \""
        + user
        + "\", \"item_id\": \""
        + item
        + "\", \"type\": \""
        + type
        + "\", \"dwell_ms\": 4000, \"timestamp\": \""
        + at
        + "\"}";
  }

  private static List<String> ids(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asString()));
    return out;
  }

  static Path tempDir() {
    try {
      Path d = Files.createTempDirectory("export-archive");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
