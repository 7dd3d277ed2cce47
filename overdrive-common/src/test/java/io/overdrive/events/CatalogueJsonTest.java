package io.overdrive.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.domain.Item;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** The catalogue record the store keeps per item, read as the ranking reads it. */
class CatalogueJsonTest {

  @Test
  void aRecordReadsBackAsTheItemThatWasWritten() {
    Item full =
        new Item(
            "p1",
            "a9",
            "sunrise over the \"ridge\" \u00e9t\u00e9 #travel",
            List.of("travel", "hiking"),
            List.of("video", "image"),
            Instant.parse("2026-12-06T21:00:00.123Z"),
            0.25,
            0.875);
    Item bare = Item.withId("p2");
    Item someFields =
        new Item("p3", null, "just text", List.of(), List.of("image"), null, null, 1.0);
    for (Item item : List.of(full, bare, someFields)) {
      String json = CatalogueJson.itemToJson(item);
      assertThat(CatalogueJson.parseItem(json)).isEqualTo(item);
      assertThat(CatalogueJson.treeItem(json)).isEqualTo(item);
    }
  }

  @Test
  void everyOtherShapeReadsAsTheTreeReadsIt() {
    for (String json :
        List.of(
            "{\"id\": \"x\", \"content\": null, \"hashtags\": null, \"quality_score\": null}",
            "{\"id\": \"x\", \"author_id\": 7, \"engagement_rate\": \"0.5\"}",
            "{\"id\": \"x\", \"hashtags\": [\"a\", 3, null], \"media_types\": \"image\"}",
            "{\"id\": \"x\", \"extra\": {\"nested\": [1, {\"deep\": true}]}, \"content\": \"c\"}",
            "{\"content\": \"no id\"}",
            "{\"id\": 12}",
            "{\"id\": \"x\", \"id\": \"y\", \"quality_score\": 1}",
            "{\"id\": \"x\", \"engagement_rate\": 1e-3, \"created_at\": null}")) {
      assertThat(CatalogueJson.parseItem(json)).as(json).isEqualTo(CatalogueJson.treeItem(json));
    }
  }

  @Test
  void aBrokenRecordFailsAsTheTreeFails() {
    assertThatThrownBy(() -> CatalogueJson.parseItem("{\"id\": \"x\", \"content\": "))
        .isInstanceOf(JacksonException.class);
  }
}
