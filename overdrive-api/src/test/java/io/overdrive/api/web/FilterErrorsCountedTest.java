package io.overdrive.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.api.security.Tokens;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The answers the servlet filters write before Spring MVC sees a request (401 and 403 from the
 * security chain, 413 from the body cap, 429 from the rate limiter) are counted in {@code
 * overdrive_api_errors_total} like every other error answer: an alert on that metric sees a flood
 * of bad tokens or a throttled gateway.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "overdrive.auth.jwt-secret=" + FilterErrorsCountedTest.SECRET,
      "overdrive.auth.require-scopes=true",
      "overdrive.rate-limit.requests-per-second=0.05",
      "overdrive.rate-limit.burst=3",
      "overdrive.max-body-size=1KB"
    })
class FilterErrorsCountedTest {
  static final String SECRET = "filter-errors-test-secret-of-32-bytes-or-more";
  static final String RANK = "{\"user_id\": \"u\", \"candidate_items\": [{\"id\": \"a\"}]}";

  @LocalServerPort int port;

  @Test
  void unauthorizedForbiddenTooLargeAndRateLimitedAnswersAreCounted() {
    ApiClient anonymous = new ApiClient(port);
    ApiClient ranker =
        anonymous.withToken(Tokens.hs256(SECRET, "ranker", "rank", Duration.ofMinutes(5)));

    assertThat(anonymous.post("/rank/for-you", RANK).status()).isEqualTo(401);
    // another caller: its refused request takes a token from its own bucket, not the ranker's
    ApiClient intruder =
        anonymous.withToken(Tokens.hs256(SECRET, "intruder", "rank", Duration.ofMinutes(5)));
    assertThat(intruder.delete("/users/someone-else").status()).isEqualTo(403);
    assertThat(ranker.post("/events", "[" + "1,".repeat(600) + "1]").status()).isEqualTo(413);
    for (int i = 0; i < 3; i++) {
      assertThat(ranker.post("/rank/for-you", RANK).status()).isEqualTo(200);
    }
    assertThat(ranker.post("/rank/for-you", RANK).status()).isEqualTo(429);
    assertThat(ranker.post("/rank/for-you", RANK).status()).isEqualTo(429);

    String metrics = anonymous.get("/metrics").body();
    assertThat(count(metrics, "unauthorized")).isEqualTo(1);
    assertThat(count(metrics, "forbidden")).isEqualTo(1);
    assertThat(count(metrics, "payload_too_large")).isEqualTo(1);
    assertThat(count(metrics, "rate_limited")).isEqualTo(2);
  }

  private static double count(String metrics, String error) {
    Matcher m =
        Pattern.compile(
                "(?m)^overdrive_api_errors_total\\{[^}]*error=\""
                    + error
                    + "\"[^}]*\\} ([0-9.eE+-]+)$")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
