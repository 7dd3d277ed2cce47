package io.overdrive.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.ApiClient.Response;
import io.overdrive.api.security.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Per-caller token buckets: a burst, then 429 with Retry-After; other callers unaffected. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "overdrive.rate-limit.requests-per-second=0.05",
      "overdrive.rate-limit.burst=3",
      "overdrive.auth.jwt-secret=" + RateLimitTest.SECRET
    })
class RateLimitTest {
  static final String SECRET = "rate-limit-test-secret-of-32-bytes-or-more";
  static final String BODY = "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\"}]}";

  @LocalServerPort int port;

  ApiClient as(String subject) {
    return new ApiClient(port)
        .withToken(Tokens.hs256(SECRET, subject, null, Duration.ofMinutes(5)));
  }

  @Test
  void aCallerOverItsBurstGets429WithRetryAfterWhileOthersAreServed() {
    ApiClient greedy = as("greedy");
    for (int i = 0; i < 3; i++) {
      Response ok = greedy.post("/rank/for-you", BODY);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
    }
    Response limited = greedy.post("/rank/for-you", BODY);
    assertThat(limited.status()).isEqualTo(429);
    // one request per 20 s: the next token is up to 20 s away
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(10, 20);
    assertThat(limited.json().get("error").asString()).isEqualTo("rate_limited");
    assertThat(limited.json().get("message").asString()).contains("sub:greedy");

    assertThat(as("patient").post("/rank/for-you", BODY).status()).isEqualTo(200);
    // probes and scrapes are never limited
    ApiClient anonymous = new ApiClient(port);
    for (int i = 0; i < 10; i++) {
      assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }
    assertThat(anonymous.get("/metrics").body()).contains("overdrive_ratelimit_rejected_total");
  }

  @Test
  void callersWithoutATokenAreLimitedByAddressBeforeAuthentication() {
    ApiClient anonymous = new ApiClient(port);
    int unauthorized = 0;
    int limited = 0;
    for (int i = 0; i < 6; i++) {
      int status = anonymous.post("/rank/for-you", BODY).status();
      unauthorized += status == 401 ? 1 : 0;
      limited += status == 429 ? 1 : 0;
    }
    assertThat(unauthorized).isBetween(3, 4);
    assertThat(limited).isBetween(2, 3);
  }
}
