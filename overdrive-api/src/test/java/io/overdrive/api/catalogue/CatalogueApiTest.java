package io.overdrive.api.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import io.overdrive.catalogue.CatalogueArchive;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.importer.BulkImporter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The catalogue standalone (in-process, with the API's own archive): a posted item is in a matching
 * user's For You answer at once, a taken-down one is never served again (not even named as a
 * candidate), bad items are refused naming the field with nothing of the request applied and
 * nothing accepted before lost, the archive holds the latest records, and the bulk importer loads
 * an archive's files through the same API, resumably, listing rejects with file:line.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.rate-limit.enabled=false"})
class CatalogueApiTest {
  static final Path ARCHIVE = tempDir("api-archive");

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("overdrive.archive-dir", ARCHIVE::toString);
  }

  @LocalServerPort int port;
  @Autowired ArchiveWriter archive;

  @Test
  void aPostedItemIsInAMatchingUsersFeedAndATakedownIsNeverServedAgain() {
    ApiClient api = new ApiClient(port);
    api.put("/users/hiker", "{\"interests\": [\"travel\"]}");
    Response posted =
        api.post(
            "/items",
            """
            [{"id": "trail-1", "author_id": "guide", "content": "sunrise over the ridge",
              "hashtags": ["travel", "hiking"], "media_types": ["video"]},
             {"id": "bake-1", "author_id": "chef", "content": "sourdough at home",
              "hashtags": ["baking"], "media_types": ["image"], "quality_score": 0.7}]""");
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(posted.json().get("applied").asInt()).isEqualTo(2);
    assertThat(posted.json().get("sink").asString()).isEqualTo("in-process");

    assertThat(ids(forYou(api, "hiker"))).contains("trail-1");
    JsonNode stored = api.get("/items/trail-1").json();
    assertThat(stored.get("content").asString()).isEqualTo("sunrise over the ridge");
    assertThat(stored.get("catalogued").asBoolean()).isTrue();
    assertThat(stored.get("created_at").asString()).isNotBlank();
    assertThat(stored.get("stats").get("impressions").asLong()).isZero();

    Response down = api.delete("/items/trail-1");
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.json().get("taken_down").asBoolean()).isTrue();
    assertThat(ids(forYou(api, "hiker"))).doesNotContain("trail-1");
    JsonNode named =
        api.post(
                "/rank/for-you",
                """
                {"user_id": "hiker", "candidate_items": [
                  {"id": "trail-1", "hashtags": ["travel"]}, {"id": "other-1"}]}""")
            .json();
    assertThat(ids(named)).containsExactly("other-1");
    assertThat(api.get("/items/trail-1").status()).isEqualTo(410);
    assertThat(api.delete("/items/trail-1").status()).isEqualTo(410);
    assertThat(api.delete("/items/never-posted").status()).isEqualTo(404);
    assertThat(api.get("/items/never-posted").status()).isEqualTo(404);

    // posting the id again restores it
    assertThat(api.post("/items", "{\"id\": \"trail-1\", \"hashtags\": [\"travel\"]}").status())
        .isEqualTo(200);
    assertThat(ids(forYou(api, "hiker"))).contains("trail-1");
  }

  @Test
  void badItemsAreRefusedNamingTheFieldAndNothingAcceptedIsLost() {
    ApiClient api = new ApiClient(port);
    assertThat(api.post("/items", "{\"id\": \"kept-1\", \"hashtags\": [\"music\"]}").status())
        .isEqualTo(200);

    Response bad =
        api.post(
            "/items",
            """
            [{"id": "batch-ok", "hashtags": ["music"]},
             {"id": "batch-bad", "engagement_rate": 3.5}]""");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asString()).isEqualTo("[1].engagement_rate");
    assertThat(api.post("/items", "{\"content\": \"no id\"}").json().get("field").asString())
        .isEqualTo("id");
    assertThat(api.post("/items", "[]").status()).isEqualTo(400);
    assertThat(api.post("/items", "{\"id\": ").status()).isEqualTo(400);
    Response dup = api.post("/items", "[{\"id\": \"d\"}, {\"id\": \"d\"}]");
    assertThat(dup.json().get("field").asString()).isEqualTo("[1].id");
    assertThat(
            api.send(
                    "POST",
                    "/items",
                    java.net.http.HttpRequest.BodyPublishers.ofString("id=x"),
                    "text/plain")
                .status())
        .isEqualTo(415);
    StringBuilder tooMany = new StringBuilder("[");
    for (int i = 0; i <= 1000; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{\"id\": \"many-").append(i).append("\"}");
    }
    assertThat(api.post("/items", tooMany.append("]").toString()).status()).isEqualTo(400);

    assertThat(api.get("/items/batch-ok").status()).as("nothing of a refused batch").isEqualTo(404);
    assertThat(api.get("/items/many-1").status()).isEqualTo(404);
    assertThat(api.get("/items/kept-1").status()).isEqualTo(200);
  }

  @Test
  void theArchiveHoldsTheLatestItemRecordsAndProfilesWithoutTakenDownItems() {
    ApiClient api = new ApiClient(port);
    api.put("/users/archived-user", "{\"interests\": [\"gaming\"], \"bio\": \"speedrunner\"}");
    api.post("/items", "{\"id\": \"arch-1\", \"content\": \"first cut\"}");
    api.post("/items", "{\"id\": \"arch-1\", \"content\": \"final cut\"}");
    api.post("/items", "{\"id\": \"arch-gone\", \"content\": \"oops\"}");
    api.delete("/items/arch-gone");
    archive.roll();

    CatalogueArchive.Items items = CatalogueArchive.items(ARCHIVE, CatalogueArchive.BadLines.SKIP);
    assertThat(items.items().get("arch-1").text()).isEqualTo("final cut");
    assertThat(items.items()).doesNotContainKey("arch-gone");
    assertThat(items.takenDown()).contains("arch-gone");
    assertThat(
            CatalogueArchive.users(ARCHIVE, CatalogueArchive.BadLines.SKIP)
                .profiles()
                .get("archived-user")
                .interests())
        .containsExactly("gaming");
  }

  @Test
  void theBulkImporterLoadsAnArchiveResumablyAndListsRejectsByFileAndLine() throws IOException {
    Path dir = tempDir("import");
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    Files.writeString(
        dir.resolve("users.jsonl"),
        """
        {"user_id": "imp-u1", "interests": ["travel"]}
        {"user_id": "imp-u2", "interests": ["food"], "bio": "cook"}
        """);
    Files.writeString(
        dir.resolve("items.jsonl"),
        """
        {"id": "imp-1", "author_id": "a1", "content": "a lake", "hashtags": ["travel"]}
        {"id": "imp-2", "author_id": "a2", "hashtags": ["food"], "quality_score": 4}
        not json at all

        {"id": "imp-3", "author_id": "a2", "hashtags": ["food"]}
        """);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(
          "{\"event_id\": \"imp-e%d\", \"user_id\": \"imp-u1\", \"item_id\": \"imp-1\", \"type\": \"%s\", \"timestamp\": \"%s\"}"
              .formatted(i, i == 4 ? "teleport" : "like", t.plusSeconds(i)));
    }
    Files.write(dir.resolve("events.jsonl"), events);
    Path checkpoint = dir.resolve("import.checkpoint");
    BulkImporter.Options options =
        BulkImporter.Options.defaults(URI.create("http://127.0.0.1:" + port), checkpoint)
            .withBatchSize(3);

    BulkImporter.Report first = new BulkImporter(options).run(List.of(dir));

    assertThat(first.accepted("users")).isEqualTo(2);
    assertThat(first.accepted("items")).isEqualTo(2);
    assertThat(first.accepted("events")).isEqualTo(6);
    assertThat(first.rejects())
        .extracting(r -> r.file().getFileName() + ":" + r.line() + " " + r.field())
        .containsExactlyInAnyOrder(
            "items.jsonl:2 quality_score", "items.jsonl:3 $", "events.jsonl:5 type");
    assertThat(Files.readAllLines(first.rejectsFile())).hasSize(3);
    ApiClient api = new ApiClient(port);
    assertThat(api.get("/items/imp-3").json().get("author_id").asString()).isEqualTo("a2");
    assertThat(api.get("/users/imp-u2").json().get("bio").asString()).isEqualTo("cook");
    assertThat(api.get("/items/imp-1").json().get("stats").get("likes").asLong()).isEqualTo(6);

    // run again: everything is done, nothing is sent twice
    BulkImporter.Report again = new BulkImporter(options).run(List.of(dir));
    assertThat(again.resumed()).isEqualTo(2 + 5 + 7);
    assertThat(again.rejected()).isZero();
    assertThat(api.get("/items/imp-1").json().get("stats").get("likes").asLong()).isEqualTo(6);
  }

  private static JsonNode forYou(ApiClient api, String user) {
    Response r = api.post("/rank/for-you", "{\"user_id\": \"" + user + "\", \"limit\": 50}");
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private static List<String> ids(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.get("items").forEach(i -> out.add(i.get("id").asString()));
    return out;
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
