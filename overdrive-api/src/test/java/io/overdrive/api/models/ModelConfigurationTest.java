package io.overdrive.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.api.ApiClient;
import io.overdrive.api.OverdriveApiApplication;
import io.overdrive.model.ModelFixtures;
import io.overdrive.model.ModelRegistry;
import io.overdrive.model.UserEmbedder;
import io.overdrive.ranking.scorer.ModelScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The API with OVERDRIVE_MODEL_DIR: models score requests and new versions swap in live. */
class ModelConfigurationTest {
  private static final List<String> ITEMS = IntStream.range(0, 30).mapToObj(i -> "i" + i).toList();

  @TempDir Path models;

  private static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(OverdriveApiApplication.class)
        // callers below send more than a client's rate limit allows on an idle machine: the
        // limits have their own test (RateLimitTest)
        .properties(
            "server.port=0", "spring.main.banner-mode=off", "overdrive.rate-limit.enabled=false")
        .properties(properties)
        .run();
  }

  private static ApiClient client(ConfigurableApplicationContext app) {
    return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
  }

  private static final String RANK =
      "{\"user_id\": \"alice\", \"limit\": 5, \"candidate_items\": ["
          + "{\"id\": \"i3\", \"hashtags\": [\"gaming\"]}, {\"id\": \"i4\"}, {\"id\": \"i5\"},"
          + " {\"id\": \"i6\"}, {\"id\": \"brand-new\", \"hashtags\": [\"food\"]}]}";

  private static void like(ApiClient api, String item, int n) {
    String body =
        "{\"event_id\": \"e-"
            + item
            + "-"
            + n
            + "\", \"user_id\": \"alice\", \"item_id\": \""
            + item
            + "\", \"type\": \"like\", \"timestamp\": \"2026-11-26T10:00:0"
            + n
            + "Z\"}";
    assertThat(api.post("/events", body).status()).isBetween(200, 299);
  }

  @Test
  void modelsScoreRequestsAndANewVersionSwapsInWithoutAFailedRequest() throws Exception {
    ModelFixtures.publish(models, "v1", ITEMS, 1);
    try (ConfigurableApplicationContext app =
        start("overdrive.model.dir=" + models, "overdrive.model.poll-interval=50ms")) {
      assertThat(app.getBeansOfType(ModelScorer.class)).hasSize(2);
      assertThat(app.getBean(UserEmbedder.class).modelVersion()).isEqualTo("v1");
      ApiClient api = client(app);
      like(api, "i1", 1);
      like(api, "i2", 2);

      ApiClient.Response first = api.post("/rank/for-you", RANK);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.json().path("model_version").asString()).isEqualTo("v1");

      List<String> versions = new CopyOnWriteArrayList<>();
      List<Integer> failures = new CopyOnWriteArrayList<>();
      long end = System.nanoTime() + 3_000_000_000L;
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread caller =
            new Thread(
                () -> {
                  while (System.nanoTime() < end) {
                    ApiClient.Response r = api.post("/rank/for-you", RANK);
                    if (r.status() != 200) {
                      failures.add(r.status());
                    } else {
                      JsonNode json = r.json();
                      versions.add(json.path("model_version").asString());
                      if (json.path("items").size() != 5) {
                        failures.add(-1);
                      }
                    }
                  }
                });
        caller.start();
        callers.add(caller);
      }
      Thread.sleep(500);
      ModelFixtures.publish(models, "v2", ITEMS, 2);
      for (Thread t : callers) {
        t.join();
      }
      assertThat(failures).isEmpty();
      assertThat(versions).contains("v1", "v2").containsOnly("v1", "v2");
      assertThat(versions.get(versions.size() - 1)).isEqualTo("v2");
      assertThat(app.getBean(ModelRegistry.class).currentVersion()).isEqualTo("v2");
    }
  }

  @Test
  void anEmptyModelDirectoryServesWithoutModelsUntilOneIsPublished() throws Exception {
    try (ConfigurableApplicationContext app =
        start("overdrive.model.dir=" + models, "overdrive.model.poll-interval=50ms")) {
      ApiClient api = client(app);
      ApiClient.Response r = api.post("/rank/for-you", RANK);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("model_version").asString("")).isEmpty();

      ModelFixtures.publish(models, "v1", ITEMS, 1);
      long deadline = System.nanoTime() + 10_000_000_000L;
      String version = "";
      while (!version.equals("v1") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        like(api, "i1", 1);
        version = api.post("/rank/for-you", RANK).json().path("model_version").asString("");
      }
      assertThat(version).isEqualTo("v1");
    }
  }

  @Test
  void aModelDirectoryThatDoesNotExistFailsTheBootNamingIt() {
    assertThatThrownBy(() -> start("overdrive.model.dir=" + models.resolve("missing")).close())
        .hasStackTraceContaining("OVERDRIVE_MODEL_DIR=")
        .hasStackTraceContaining("is not a directory");
  }

  @Test
  void withoutTheSettingThereAreNoModelBeans() {
    try (ConfigurableApplicationContext app = start()) {
      assertThat(app.getBeansOfType(ModelRegistry.class)).isEmpty();
      assertThat(app.getBeansOfType(ModelScorer.class)).isEmpty();
    }
  }
}
