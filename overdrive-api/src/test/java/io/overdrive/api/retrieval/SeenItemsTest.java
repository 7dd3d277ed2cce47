package io.overdrive.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * For You without candidates never serves a user an item they already engaged with, however long
 * ago among their engagements: a heavy user's feed does not fill up with what they liked before.
 * (Until the store kept 1,000 engaged items per user, only the last 50 were excluded.)
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.demo-data=false", "overdrive.rate-limit.enabled=false"})
class SeenItemsTest {
  private static final int POSTS = 300;
  private static final int LIKED = 250;

  @LocalServerPort int port;

  @Test
  void aUserIsNeverServedAnItemTheyEngagedWithEvenHundredsOfLikesAgo() {
    ApiClient api = new ApiClient(port);
    // 300 gaming posts: the items the API knows, so the catalogue fallback's candidates
    List<String> items = new ArrayList<>();
    for (int i = 0; i < POSTS; i++) {
      items.add(
          String.format(
              "{\"id\": \"binge-%d\", \"hashtags\": [\"gaming\"], \"author_id\": \"s%d\","
                  + " \"quality_score\": 0.9}",
              i, i));
    }
    assertThat(api.post("/items", "[" + String.join(",", items) + "]").status()).isEqualTo(200);
    api.put("/users/binger", "{\"interests\": [\"gaming\"]}");
    // the user liked 250 of them, one a minute: far more than the 50 the models read
    List<String> likes = new ArrayList<>();
    for (int i = 0; i < LIKED; i++) {
      likes.add(
          String.format(
              "{\"event_id\": \"binge-like-%d\", \"user_id\": \"binger\", \"item_id\":"
                  + " \"binge-%d\", \"type\": \"like\", \"timestamp\":"
                  + " \"2026-11-26T%02d:%02d:00Z\"}",
              i, i, 10 + i / 60, i % 60));
    }
    assertThat(api.post("/events", "[" + String.join(",", likes) + "]").status()).isEqualTo(200);

    JsonNode feed = api.post("/rank/for-you", "{\"user_id\": \"binger\", \"limit\": 100}").json();

    assertThat(feed.get("candidate_source").asString()).isEqualTo("fallback:no_model");
    List<String> served = new ArrayList<>();
    feed.get("items").forEach(i -> served.add(i.get("id").asString()));
    assertThat(served).noneMatch(SeenItemsTest::liked);
    // the 50 posts they have not liked yet are theirs to see
    assertThat(served).isNotEmpty().allMatch(id -> id.startsWith("binge-"));
  }

  private static boolean liked(String id) {
    return Integer.parseInt(id.substring("binge-".length())) < LIKED;
  }
}
