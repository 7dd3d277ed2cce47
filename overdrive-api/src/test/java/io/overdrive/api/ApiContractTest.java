package io.overdrive.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient.Response;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The REST contract as a caller sees it, against the standalone app on a random port: every
 * endpoint, the cold-start and learning behaviour behind them, and the bad inputs that must get a
 * 400 naming the field (never a 500).
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"overdrive.max-body-size=64KB", "overdrive.rate-limit.enabled=false"})
class ApiContractTest {
  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(port);
  }

  @Test
  void healthAndProbesAnswerUp() {
    Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("UP");
    assertThat(health.json().get("feature_store").asString()).isEqualTo("in-memory");
    assertThat(health.json().get("events").asString()).isEqualTo("in-process");
    assertThat(api.get("/actuator/health/liveness").json().get("status").asString())
        .isEqualTo("UP");
    assertThat(api.get("/actuator/health/readiness").json().get("status").asString())
        .isEqualTo("UP");
  }

  @Test
  void signupIsStoredAndReadBack() {
    Response created =
        api.put(
            "/users/signup-1",
            "{\"interests\": [\"gaming\", \"sci-fi\"], \"bio\": \"runner\", \"follows\": [\"a7\"]}");
    assertThat(created.status()).isEqualTo(201);
    Response replaced = api.put("/users/signup-1", "{\"interests\": [\"food\"]}");
    assertThat(replaced.status()).isEqualTo(200);
    JsonNode user = api.get("/users/signup-1").json();
    assertThat(user.get("user_id").asString()).isEqualTo("signup-1");
    assertThat(user.get("interests").get(0).asString()).isEqualTo("food");
    assertThat(user.has("updated_at")).isTrue();
    assertThat(api.get("/users/never-signed-up").status()).isEqualTo(404);
  }

  @Test
  void unknownUserGetsAColdStartRankingNotAnError() {
    Response r =
        api.post(
            "/rank/for-you",
            """
            {"user_id": "stranger", "limit": 2, "candidate_items": [
              {"id": "low", "quality_score": 0.3, "engagement_rate": 0.01},
              {"id": "high", "quality_score": 0.95, "engagement_rate": 0.3,
               "created_at": "2026-11-26T10:00:00Z"},
              {"id": "mid", "quality_score": 0.6, "engagement_rate": 0.05}]}
            """);
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("user_id").asString()).isEqualTo("stranger");
    assertThat(body.get("personalization").asDouble()).isZero();
    assertThat(body.get("variant").asString()).isEqualTo("control");
    assertThat(body.get("items")).hasSize(2);
    assertThat(body.get("items").get(0).get("id").asString()).isEqualTo("high");
    assertThat(body.get("items").get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(body.get("items").get(0).get("reasons")).isNotEmpty();
  }

  @Test
  void signupInterestsShapeTheFirstFeedAndEventsTakeOver() {
    api.put("/users/learner", "{\"interests\": [\"food\"]}");
    String candidates =
        """
        {"user_id": "learner", "candidate_items": [
          {"id": "pasta", "hashtags": ["food"], "author_id": "chef", "quality_score": 0.7},
          {"id": "speedrun", "hashtags": ["gaming"], "author_id": "gamer", "quality_score": 0.7}]}
        """;
    JsonNode first = api.post("/rank/for-you", candidates).json();
    assertThat(first.get("items").get(0).get("id").asString()).isEqualTo("pasta");
    assertThat(first.get("items").get(0).get("reasons").toString()).contains("food");

    List<String> events = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      events.add(
          String.format(
              "{\"event_id\": \"learn-%d\", \"user_id\": \"learner\", \"item_id\": \"g%d\","
                  + " \"type\": \"like\", \"hashtags\": [\"gaming\"], \"author_id\": \"a%d\","
                  + " \"timestamp\": \"2026-11-26T10:%02d:00Z\"}",
              i, i, i % 7, i % 60));
    }
    Response posted = api.post("/events", "[" + String.join(",", events) + "]");
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.json().get("accepted").asInt()).isEqualTo(60);
    assertThat(posted.json().get("applied").asInt()).isEqualTo(60);

    JsonNode after = api.post("/rank/for-you", candidates).json();
    assertThat(after.get("personalization").asDouble()).isGreaterThan(0.5);
    assertThat(after.get("items").get(0).get("id").asString()).isEqualTo("speedrun");
    assertThat(after.get("items").get(0).get("reasons").toString()).contains("gaming");
  }

  @Test
  void explainReturnsTheStageByStageAccountOfEachScore() {
    JsonNode r =
        api.post(
                "/rank/for-you",
                "{\"user_id\": \"curious\", \"explain\": true, \"candidate_items\": [{\"id\":"
                    + " \"a\", \"hashtags\": [\"food\"], \"quality_score\": 0.8}]}")
            .json();
    JsonNode explanation = r.get("explanation");
    assertThat(explanation.get("stages").propertyNames()).contains("UserHydrator");
    assertThat(explanation.get("items").get(0).get("id").asString()).isEqualTo("a");
    assertThat(explanation.get("items").get(0).get("by_stage")).isNotEmpty();
    assertThat(api.post("/rank/for-you", "{\"user_id\": \"curious\"}").json().has("explanation"))
        .isFalse();
  }

  @Test
  void aRedeliveredEventIsNotCountedTwice() {
    String event =
        "{\"event_id\": \"dup-1\", \"user_id\": \"dup-user\", \"item_id\": \"i1\", \"type\":"
            + " \"share\", \"hashtags\": [\"music\"], \"timestamp\": \"2026-11-26T10:00:05Z\"}";
    JsonNode first = api.post("/events", event).json();
    JsonNode again = api.post("/events", event).json();
    assertThat(first.get("applied").asInt()).isEqualTo(1);
    assertThat(again.get("applied").asInt()).isZero();
    assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    assertThat(again.get("sink").asString()).isEqualTo("in-process");
    assertThat(api.get("/features/dup-user").json().get("counts").get("share").asLong())
        .isEqualTo(1);
  }

  @Test
  void featuresInterestsAndInsightsDescribeWhatWasLearned() {
    api.put("/users/viewer", "{\"interests\": [\"travel\"], \"bio\": \"photographer\"}");
    api.post(
        "/events",
        """
        [{"event_id": "v1", "user_id": "viewer", "item_id": "m1", "type": "like",
          "hashtags": ["music"], "author_id": "band", "timestamp": "2026-11-26T10:00:00Z"},
         {"event_id": "v2", "user_id": "viewer", "item_id": "m2", "type": "share",
          "hashtags": ["music"], "author_id": "band", "timestamp": "2026-11-26T10:01:00Z"},
         {"event_id": "v3", "user_id": "viewer", "item_id": "c1", "type": "not_interested",
          "hashtags": ["cars"], "author_id": "garage", "timestamp": "2026-11-26T10:02:00Z"}]
        """);

    JsonNode features = api.get("/features/viewer").json();
    assertThat(features.get("counts").get("like").asLong()).isEqualTo(1);
    assertThat(features.get("counts").get("not_interested").asLong()).isEqualTo(1);
    assertThat(features.get("meaningful_interactions").asLong()).isEqualTo(3);
    assertThat(features.get("interest_weights").get("music").asDouble()).isPositive();
    assertThat(features.get("interest_weights").get("cars").asDouble()).isNegative();
    assertThat(features.get("author_affinity").get("band").asDouble()).isPositive();
    assertThat(features.get("recent_items").toString()).contains("m2");
    assertThat(features.get("sessions").asLong()).isEqualTo(1);
    assertThat(features.get("personalization").asDouble()).isBetween(0.0, 0.5);

    JsonNode interests = api.get("/interests/viewer").json();
    assertThat(interests.get("declared").get("travel").asDouble()).isEqualTo(1.0);
    assertThat(interests.get("declared").has("photography")).isTrue();
    assertThat(interests.get("learned").get("music").asDouble()).isEqualTo(1.0);
    assertThat(interests.get("learned").get("cars").asDouble()).isNegative();
    assertThat(interests.get("combined").get(0).get("name").asString()).isEqualTo("travel");

    JsonNode insights = api.get("/insights/viewer").json();
    assertThat(insights.get("user_id").asString()).isEqualTo("viewer");
    assertThat(insights.get("known").asBoolean()).isTrue();
    assertThat(insights.get("personalization").get("stage").asString()).isEqualTo("cold_start");
    assertThat(insights.get("personalization").get("meaningful_interactions").asLong())
        .isEqualTo(3);
    assertThat(insights.get("aversions").get(0).get("name").asString()).isEqualTo("cars");
    assertThat(insights.get("author_affinities").get(0).get("name").asString()).isEqualTo("band");
    assertThat(insights.get("interaction_counts").get("share").asLong()).isEqualTo(1);
    assertThat(insights.get("experiment").asString()).isEqualTo("none");
    assertThat(insights.get("variant").asString()).isEqualTo("control");

    assertThat(api.get("/insights/nobody-at-all").status()).isEqualTo(404);
    assertThat(api.get("/interests/nobody-at-all").json().get("error").asString())
        .isEqualTo("not_found");
  }

  @Test
  void erasureRemovesEverythingAndSaysWhat() {
    api.put("/users/leaver", "{\"interests\": [\"pets\"]}");
    api.post(
        "/events",
        "{\"event_id\": \"l1\", \"user_id\": \"leaver\", \"item_id\": \"p1\", \"type\": \"like\","
            + " \"hashtags\": [\"pets\"], \"author_id\": \"vet\", \"timestamp\":"
            + " \"2026-11-26T10:00:00Z\"}");

    Response erased = api.delete("/users/leaver");
    assertThat(erased.status()).isEqualTo(200);
    JsonNode report = erased.json();
    assertThat(report.get("erased").asBoolean()).isTrue();
    assertThat(report.get("profile").asBoolean()).isTrue();
    assertThat(report.get("interactions").asLong()).isEqualTo(1);
    assertThat(report.get("learned_interests").asInt()).isPositive();
    assertThat(report.get("author_affinities").asInt()).isEqualTo(1);
    assertThat(report.get("recent_items").asInt()).isEqualTo(1);

    assertThat(api.get("/users/leaver").status()).isEqualTo(404);
    assertThat(api.get("/features/leaver").status()).isEqualTo(404);
    assertThat(api.delete("/users/leaver").status()).isEqualTo(404);
    // a late copy of the user's past (a client's retry) does not bring the user back: the
    // erasure's tombstone, not dedup marks, keeps it out (docs/api.md, Erasure)
    JsonNode replay =
        api.post(
                "/events",
                "{\"event_id\": \"l1\", \"user_id\": \"leaver\", \"item_id\": \"p1\", \"type\":"
                    + " \"like\", \"timestamp\": \"2026-11-26T10:00:00Z\"}")
            .json();
    assertThat(replay.get("applied").asInt()).isZero();
    assertThat(api.get("/features/leaver").status()).isEqualTo(404);
    // what the user does after the erasure is learned afresh
    JsonNode after =
        api.post(
                "/events",
                "{\"event_id\": \"l2\", \"user_id\": \"leaver\", \"item_id\": \"p1\", \"type\":"
                    + " \"like\", \"timestamp\": \""
                    + java.time.Instant.now().plusSeconds(1)
                    + "\"}")
            .json();
    assertThat(after.get("applied").asInt()).isEqualTo(1);
  }

  @Test
  void metricsArePrometheusTextWithStageAndEndpointHistograms() {
    api.post("/rank/for-you", "{\"user_id\": \"m\", \"candidate_items\": [{\"id\": \"x\"}]}");
    api.post("/rank/for-you", "{\"user_id\": \"m\", \"limit\": 0}");
    Response metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("overdrive_ranking_stage_seconds_bucket{")
        .contains("stage=\"UserHydrator\"")
        .contains("stage=\"DiversitySelector\"")
        .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/rank/for-you\"")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"400\"")
        .containsPattern("overdrive_api_errors_total\\{[^}]*error=\"invalid_request\"")
        .containsPattern(
            "overdrive_experiment_exposures_total\\{[^}]*experiment=\"none\"[^}]*variant=\"control\"")
        .contains("overdrive_rank_candidates_count");
  }

  @Test
  void openApiDocumentDescribesTheSnakeCaseSchemas() {
    Response docs = api.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    JsonNode doc = docs.json();
    assertThat(doc.get("paths").propertyNames())
        .contains(
            "/rank/for-you",
            "/events",
            "/users/{user_id}",
            "/features/{user_id}",
            "/interests/{user_id}",
            "/insights/{user_id}",
            "/health");
    JsonNode request = doc.get("components").get("schemas").get("ForYouRequest");
    assertThat(request.get("properties").propertyNames())
        .containsExactlyInAnyOrder("user_id", "candidate_items", "limit", "explain");
    assertThat(request.get("properties").get("limit").get("maximum").asInt()).isEqualTo(100);
    assertThat(request.get("properties").get("candidate_items").get("maxItems").asInt())
        .isEqualTo(1000);
    assertThat(
            doc.get("components")
                .get("schemas")
                .get("InteractionEvent")
                .get("properties")
                .has("event_id"))
        .isTrue();
    assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
  }

  static Stream<Arguments> badRankRequests() {
    StringBuilder many = new StringBuilder("{\"user_id\": \"u\", \"candidate_items\": [");
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("{\"id\": \"c").append(i).append("\"}");
    }
    many.append("]}");
    return Stream.of(
        Arguments.of("{\"user_id\": \"u\", \"limit\": 0}", "limit"),
        Arguments.of("{\"user_id\": \"u\", \"limit\": 101}", "limit"),
        Arguments.of("{\"user_id\": \"u\", \"limit\": 2.5}", "limit"),
        Arguments.of("{\"user_id\": \"u\", \"limit\": \"20\"}", "limit"),
        Arguments.of("{\"user_id\": \"u\", \"limit\": 99999999999999}", "limit"),
        Arguments.of("{\"limit\": 5}", "user_id"),
        Arguments.of("{\"user_id\": \"  \"}", "user_id"),
        Arguments.of("{\"user_id\": 17}", "user_id"),
        Arguments.of("{\"user_id\": \"" + "x".repeat(129) + "\"}", "user_id"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": {\"id\": \"x\"}}", "candidate_items"),
        Arguments.of("{\"user_id\": \"u\", \"candidate_items\": [null]}", "candidate_items[0]"),
        Arguments.of("{\"user_id\": \"u\", \"candidate_items\": [{}]}", "candidate_items[0].id"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}",
            "candidate_items[1].id"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\", \"quality_score\": 1.5}]}",
            "candidate_items[0].quality_score"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\", \"engagement_rate\": -1}]}",
            "candidate_items[0].engagement_rate"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\", \"created_at\": \"now\"}]}",
            "candidate_items[0].created_at"),
        Arguments.of( // the usual form, but no such day: the fast path leaves it to Jackson
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\","
                + " \"created_at\": \"2026-02-30T10:00:00Z\"}]}",
            "candidate_items[0].created_at"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\", \"hashtags\": \"food\"}]}",
            "candidate_items[0].hashtags"),
        Arguments.of(
            "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\", \"hashtags\": [\"\"]}]}",
            "candidate_items[0].hashtags[0]"),
        Arguments.of(many.toString(), "candidate_items"),
        Arguments.of("{\"user_id\": \"u\",", "$"),
        Arguments.of("[]", "$"),
        Arguments.of("", "$"));
  }

  @ParameterizedTest
  @MethodSource("badRankRequests")
  void badRankRequestsGet400NamingTheField(String body, String field) {
    Response r = api.post("/rank/for-you", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("error").asString()).isEqualTo("invalid_request");
    assertThat(r.json().get("field").asString()).isEqualTo(field);
    assertThat(r.json().get("message").asString()).isNotBlank().doesNotContain("java.");
  }

  static Stream<Arguments> badEvents() {
    String ok =
        "\"event_id\": \"e\", \"user_id\": \"u\", \"item_id\": \"i\", \"timestamp\":"
            + " \"2026-11-26T10:00:05Z\"";
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]";
    return Stream.of(
        Arguments.of("{" + ok + ", \"type\": \"superlike\"}", "type"),
        Arguments.of("{" + ok + "}", "type"),
        Arguments.of("{" + ok + ", \"type\": \"view\", \"dwell_ms\": -5}", "dwell_ms"),
        Arguments.of("{" + ok + ", \"type\": \"view\", \"completion\": 1.5}", "completion"),
        Arguments.of(
            "{\"event_id\": \"e\", \"user_id\": \"u\", \"item_id\": \"i\", \"type\": \"like\","
                + " \"timestamp\": \"yesterday\"}",
            "timestamp"),
        Arguments.of(
            "[{" + ok + ", \"type\": \"like\"}, {" + ok + ", \"type\": \"like\", \"user_id\": 5}]",
            "[1].user_id"),
        Arguments.of("[]", "$"),
        Arguments.of("42", "$"),
        Arguments.of(tooMany, "$"));
  }

  @ParameterizedTest
  @MethodSource("badEvents")
  void badEventsGet400NamingTheFieldAndNoneIsApplied(String body, String field) {
    Response r = api.post("/events", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("field").asString()).isEqualTo(field);
    assertThat(api.get("/features/u").status()).isEqualTo(404);
  }

  @Test
  void badSignupsAndPathVariablesGet400() {
    Response tooLong = api.get("/users/" + "x".repeat(129));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("field").asString()).isEqualTo("user_id");
    Response interests = api.put("/users/s", "{\"interests\": \"gaming\"}");
    assertThat(interests.status()).isEqualTo(400);
    assertThat(interests.json().get("field").asString()).isEqualTo("interests");
    Response bio = api.put("/users/s", "{\"bio\": \"" + "b".repeat(2001) + "\"}");
    assertThat(bio.json().get("field").asString()).isEqualTo("bio");
    assertThat(api.get("/features/" + "x".repeat(129)).status()).isEqualTo(400);
  }

  @Test
  void oversizedBodiesGet413WhetherDeclaredOrStreamed() {
    String big = "{\"user_id\": \"u\", \"pad\": \"" + "p".repeat(70 * 1024) + "\"}";
    Response declared = api.post("/rank/for-you", big);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.json().get("error").asString()).isEqualTo("payload_too_large");
    Response streamed =
        api.send(
            "POST",
            "/events",
            BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())),
            "application/json");
    assertThat(streamed.status()).isEqualTo(413);
    assertThat(streamed.json().get("message").asString()).contains("65536");
  }

  @Test
  void wrongRoutesMethodsAndMediaTypesGetJsonErrors() {
    Response noRoute = api.get("/no/such/endpoint");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.json().get("error").asString()).isEqualTo("not_found");
    Response method = api.delete("/rank/for-you");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().get("error").asString()).isEqualTo("method_not_allowed");
    Response media =
        api.send("POST", "/rank/for-you", BodyPublishers.ofString("user_id=u"), "text/plain");
    assertThat(media.status()).isEqualTo(415);
    assertThat(media.json().get("error").asString()).isEqualTo("unsupported_media_type");
  }
}
