package io.overdrive.api.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's For You request is answered without MVC's dispatch, and answered the same: what the
 * fast path refuses reaches MVC with its body intact and gets MVC's answer (the error contract
 * itself is ApiContractTest's, which now runs through the fast path).
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "overdrive.rate-limit.enabled=false")
class ForYouFastPathTest {
  private static final String BODY =
      """
      {"user_id": "fast-1", "limit": 2, "candidate_items": [
        {"id": "f1", "hashtags": ["travel"], "quality_score": 0.9},
        {"id": "f2", "content": "a #jazz night", "created_at": "2026-11-26T10:00:00Z"},
        {"id": "f3"}]}""";

  /** Counts the requests of the route that reached MVC's dispatch. */
  @TestConfiguration
  static class CountDispatches {
    static final AtomicInteger DISPATCHED = new AtomicInteger();

    @Bean
    WebMvcConfigurer countDispatches() {
      return new WebMvcConfigurer() {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
          registry
              .addInterceptor(
                  new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(
                        HttpServletRequest request, HttpServletResponse response, Object handler) {
                      DISPATCHED.incrementAndGet();
                      return true;
                    }
                  })
              .addPathPatterns(ForYouFastPath.PATH);
        }
      };
    }
  }

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void client() {
    api = new ApiClient(port);
    CountDispatches.DISPATCHED.set(0);
  }

  @Test
  void theGatewaysRequestIsAnsweredWithoutMvcAndAsMvcAnswersIt() {
    Response fast = api.post("/rank/for-you", BODY);
    assertThat(CountDispatches.DISPATCHED.get()).isZero();
    // an Accept the fast path does not spell out: MVC's own path, the same request
    Response mvc = api.post("/rank/for-you", BODY, "Accept", "application/json, text/plain");
    assertThat(CountDispatches.DISPATCHED.get()).isOne();

    assertThat(fast.status()).isEqualTo(200).isEqualTo(mvc.status());
    assertThat(fast.header("Content-Type")).isEqualTo(mvc.header("Content-Type"));
    JsonNode a = fast.json();
    JsonNode b = mvc.json();
    assertThat(a.propertyNames()).containsExactlyElementsOf(b.propertyNames());
    assertThat(a.get("user_id").asString()).isEqualTo("fast-1");
    assertThat(a.get("items")).hasSize(2);
    assertThat(a.get("items").get(0).propertyNames())
        .containsExactlyElementsOf(b.get("items").get(0).propertyNames());
    // the console reads the route's latency from the request metric, by its uri
    assertThat(api.get("/metrics").body())
        .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/rank/for-you\"");
  }

  @Test
  void whatTheFastPathRefusesReachesMvcWithItsBodyAndGetsMvcsAnswer() {
    Response badField =
        api.post(
            "/rank/for-you",
            "{\"user_id\": \"fast-2\", \"candidate_items\": [{\"id\": \"x\", \"quality_score\": 2}]}");
    assertThat(badField.status()).isEqualTo(400);
    assertThat(badField.json().get("field").asString())
        .isEqualTo("candidate_items[0].quality_score");

    Response badJson = api.post("/rank/for-you", "{\"user_id\": ");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().get("field").asString()).isEqualTo("$");

    Response noUser = api.post("/rank/for-you", "{\"candidate_items\": []}");
    assertThat(noUser.status()).isEqualTo(400);
    assertThat(noUser.json().get("field").asString()).isEqualTo("user_id");

    Response badHeader = api.post("/rank/for-you", BODY, "x-use-overdrive", "2");
    assertThat(badHeader.status()).isEqualTo(400);
    assertThat(badHeader.json().get("field").asString()).isEqualTo("x-use-overdrive");
    assertThat(CountDispatches.DISPATCHED.get()).isEqualTo(4);

    // another content type: MVC's 415, and a chunked body of the usual kind: MVC ranks it
    Response text = api.send("POST", "/rank/for-you", BodyPublishers.ofString(BODY), "text/plain");
    assertThat(text.status()).isEqualTo(415);
    int before = CountDispatches.DISPATCHED.get();
    Response chunked =
        api.send(
            "POST",
            "/rank/for-you",
            BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(BODY.getBytes(StandardCharsets.UTF_8))),
            "application/json");
    assertThat(chunked.status()).isEqualTo(200);
    assertThat(chunked.json().get("items")).hasSize(2);
    assertThat(CountDispatches.DISPATCHED.get()).isEqualTo(before + 1);
  }
}
