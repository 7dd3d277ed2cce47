package io.overdrive.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A fresh install (demo catalogue, no trained model, no serving node): a gateway that sends no
 * candidates still gets a personal cold-start feed, drawn from the items the API knows and ranked
 * by the user's signup interests, and the response says where the candidates came from.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.demo-data=true", "overdrive.rate-limit.enabled=false"})
class CatalogueFallbackTest {
  @LocalServerPort int port;

  @Test
  void withoutCandidatesOrModelANewUserGetsAFeedOnTheirInterestsFromTheCatalogue() {
    ApiClient api = new ApiClient(port);
    api.put("/users/gamer", "{\"interests\": [\"gaming\"]}");
    api.put("/users/cook", "{\"interests\": [\"food\"]}");

    JsonNode gamer = api.post("/rank/for-you", "{\"user_id\": \"gamer\", \"limit\": 20}").json();
    JsonNode cook = api.post("/rank/for-you", "{\"user_id\": \"cook\", \"limit\": 20}").json();

    assertThat(gamer.get("candidate_source").asString()).isEqualTo("fallback:no_model");
    assertThat(gamer.get("items").size()).isEqualTo(20);
    assertThat(cook.get("items").size()).isEqualTo(20);
    assertThat(onInterest(gamer, "gaming")).isGreaterThanOrEqualTo(3);
    assertThat(onInterest(cook, "food")).isGreaterThanOrEqualTo(3);
    assertThat(ids(gamer)).isNotEqualTo(ids(cook));
  }

  @Test
  void itemsFromEventsAndRequestsBecomeFallbackCandidates() {
    ApiClient api = new ApiClient(port);
    Response sent =
        api.post(
            "/rank/for-you",
            """
            {"user_id": "gw", "candidate_items": [
              {"id": "fresh-1", "hashtags": ["gaming"], "quality_score": 0.9},
              {"id": "fresh-2", "hashtags": ["gaming"], "quality_score": 0.9}]}""");
    assertThat(sent.status()).isEqualTo(200);
    JsonNode feed = api.post("/rank/for-you", "{\"user_id\": \"someone\", \"limit\": 100}").json();
    // fresh-1 and fresh-2 are the newest items the API heard of, so they are among the candidates
    // (whether the ranking keeps them depends on what the store knows of them)
    assertThat(feed.get("candidate_source").asString()).isEqualTo("fallback:no_model");
    Set<String> seen = new HashSet<>(ids(feed));
    feed.get("filtered").propertyNames().forEach(seen::add);
    assertThat(seen).contains("fresh-1", "fresh-2");
  }

  private static long onInterest(JsonNode response, String interest) {
    long n = 0;
    for (JsonNode item : response.get("items")) {
      for (JsonNode reason : item.get("reasons")) {
        if (reason.asString().endsWith(":" + interest)) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private static List<String> ids(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.get("items").forEach(i -> out.add(i.get("id").asString()));
    return out;
  }
}
