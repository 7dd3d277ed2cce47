package io.overdrive.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With a shared HS256 secret and scopes required: who may call what. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "overdrive.auth.jwt-secret=" + JwtAuthTest.SECRET,
      "overdrive.auth.require-scopes=true",
      "overdrive.rate-limit.enabled=false"
    })
class JwtAuthTest {
  static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";
  static final String RANK_BODY =
      "{\"user_id\": \"alice\", \"candidate_items\": [{\"id\": \"n1\"}, {\"id\": \"n2\"}]}";
  static final String EVENT =
      "{\"event_id\": \"e1\", \"user_id\": \"alice\", \"item_id\": \"n1\", \"type\": \"like\","
          + " \"hashtags\": [\"food\"], \"timestamp\": \"2026-11-26T10:00:05Z\"}";

  @LocalServerPort int port;
  ApiClient anonymous;

  @BeforeEach
  void client() {
    anonymous = new ApiClient(port);
  }

  ApiClient as(String subject, String scope) {
    return anonymous.withToken(Tokens.hs256(SECRET, subject, scope, Duration.ofMinutes(5)));
  }

  @Test
  void withoutATokenEveryApiEndpointAnswers401WithAJsonError() {
    for (Response r :
        new Response[] {
          anonymous.post("/rank/for-you", RANK_BODY),
          anonymous.post("/events", EVENT),
          anonymous.get("/users/alice"),
          anonymous.put("/users/alice", "{}"),
          anonymous.delete("/users/alice"),
          anonymous.get("/features/alice"),
          anonymous.get("/interests/alice"),
          anonymous.get("/insights/alice")
        }) {
      assertThat(r.status()).as(r.raw().uri().toString()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(r.json().get("error").asString()).isEqualTo("unauthorized");
      assertThat(r.json().get("message").asString()).contains("bearer token");
    }
  }

  @Test
  void healthProbesMetricsAndDocsStayOpen() {
    assertThat(anonymous.get("/health").status()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
    assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
  }

  @Test
  void forgedExpiredAndGarbageTokensAre401() {
    String forged =
        Tokens.hs256(
            "another-secret-that-is-also-32-bytes-long!!", "alice", "rank", Duration.ofMinutes(5));
    String expired = Tokens.hs256(SECRET, "alice", "rank", Duration.ofMinutes(-5));
    for (String token : new String[] {forged, expired, "not.a.jwt"}) {
      Response r = anonymous.withToken(token).post("/rank/for-you", RANK_BODY);
      assertThat(r.status()).as(token).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
      assertThat(r.json().get("message").asString()).startsWith("invalid bearer token");
    }
  }

  @Test
  void theConsolesPageLoadsWithoutATokenButItsDataNeedsTheAdminScope() {
    assertThat(anonymous.get("/console/").status()).isEqualTo(200);
    assertThat(anonymous.get("/console/").body()).contains("Overdrive console");
    assertThat(anonymous.get("/console/assets/app.js").status()).isEqualTo(200);
    for (String path :
        new String[] {
          "/console/api/overview",
          "/console/api/models",
          "/console/api/metrics/api",
          "/console/api/items?id=n1"
        }) {
      assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
      assertThat(as("alice", "rank events").get(path).status()).as(path).isEqualTo(403);
      assertThat(as("ops", "admin").get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(as("ops", "admin").get("/console/api/metrics/api").body())
        .contains("http_server_requests_seconds_count");
    // a page that is not one of the console's files is not opened up by the console's rule
    assertThat(anonymous.get("/console/api").status()).isEqualTo(401);
  }

  @Test
  void scopesSeparateRankingEventsAndErasure() {
    ApiClient ranker = as("gateway", "rank");
    ApiClient ingester = as("collector", "events");
    assertThat(ranker.post("/rank/for-you", RANK_BODY).status()).isEqualTo(200);
    assertThat(ingester.post("/rank/for-you", RANK_BODY).status()).isEqualTo(403);
    assertThat(ingester.post("/events", EVENT).status()).isEqualTo(200);
    Response denied = ranker.post("/events", EVENT);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("error").asString()).isEqualTo("forbidden");
    assertThat(ingester.put("/users/alice", "{\"interests\": [\"food\"]}").status()).isEqualTo(201);
    assertThat(ranker.get("/insights/alice").status()).isEqualTo(200);

    // erasure: not with rank or events scope, yes for the user themself or an admin
    assertThat(ranker.delete("/users/alice").status()).isEqualTo(403);
    assertThat(as("bob", "rank events").delete("/users/alice").status()).isEqualTo(403);
    // the export likewise: the user themself or an admin
    assertThat(ranker.get("/users/alice/export").status()).isEqualTo(403);
    assertThat(as("bob", "rank events").get("/users/alice/export").status()).isEqualTo(403);
    assertThat(as("alice", "").get("/users/alice/export").status()).isEqualTo(200);
    assertThat(as("ops", "admin").get("/users/alice/export").status()).isEqualTo(200);
    assertThat(as("alice", "").delete("/users/alice").status()).isEqualTo(200);
    ingester.put("/users/carol", "{}");
    assertThat(as("ops", "admin").delete("/users/carol").status()).isEqualTo(200);
  }
}
