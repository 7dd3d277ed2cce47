package io.overdrive.api.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.overdrive.api.ApiClient;
import io.overdrive.api.OverdriveApiApplication;
import io.overdrive.api.config.OverdriveProperties;
import io.overdrive.api.events.EventController;
import io.overdrive.domain.Interaction;
import io.overdrive.events.EventSink;
import io.overdrive.experiments.ExperimentAssigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An A/B experiment from {@code OVERDRIVE_EXPERIMENTS_FILE}: users split between the variants, each
 * ranks with its variant's settings, the variant is in every response, the exposures are counted
 * per variant and untagged events are tagged with their user's variant.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "overdrive.rate-limit.enabled=false")
class ExperimentsApiTest {
  static final Path FILE = write();

  @DynamicPropertySource
  static void experiment(DynamicPropertyRegistry registry) {
    registry.add("overdrive.experiments-file", FILE::toString);
  }

  static Path write() {
    try {
      Path f = Files.createTempFile("experiment", ".json");
      Files.writeString(
          f,
          """
          {"name": "handover-speed", "variants": [
            {"name": "control", "traffic": 0.5},
            {"name": "fast_handover", "traffic": 0.5, "settings": {"maturity_half_point": 2}}]}
          """);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @LocalServerPort int port;
  @Autowired ExperimentAssigner assigner;
  @Autowired OverdriveProperties props;

  @Test
  void usersSplitBetweenVariantsAndEachRanksWithItsSettings() {
    ApiClient api = new ApiClient(port);
    Map<String, String> userOfVariant = new HashMap<>();
    for (int i = 0; userOfVariant.size() < 2 && i < 100; i++) {
      userOfVariant.putIfAbsent(assigner.assign("ab-" + i).name(), "ab-" + i);
    }
    assertThat(userOfVariant).containsKeys("control", "fast_handover");

    for (var e : userOfVariant.entrySet()) {
      String user = e.getValue();
      // four meaningful interactions: far from the default half point (20), past the variant's (2)
      for (int i = 0; i < 4; i++) {
        api.post(
            "/events",
            String.format(
                "{\"event_id\": \"%s-%d\", \"user_id\": \"%s\", \"item_id\": \"it%d\", \"type\":"
                    + " \"like\", \"hashtags\": [\"art\"], \"timestamp\":"
                    + " \"2026-11-26T10:0%d:00Z\"}",
                user, i, user, i, i));
      }
      JsonNode ranked =
          api.post(
                  "/rank/for-you",
                  "{\"user_id\": \"" + user + "\", \"candidate_items\": [{\"id\": \"x\"}]}")
              .json();
      assertThat(ranked.get("experiment").asString()).isEqualTo("handover-speed");
      assertThat(ranked.get("variant").asString()).isEqualTo(e.getKey());
      double p = ranked.get("personalization").asDouble();
      if (e.getKey().equals("fast_handover")) {
        assertThat(p).isGreaterThan(0.6);
      } else {
        assertThat(p).isLessThan(0.2);
      }
      assertThat(api.get("/insights/" + user).json().get("variant").asString())
          .isEqualTo(e.getKey());
    }

    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .containsPattern(
            "overdrive_experiment_exposures_total\\{[^}]*experiment=\"handover-speed\""
                + "[^}]*variant=\"fast_handover\"[^}]*} 1.0")
        .containsPattern(
            "overdrive_experiment_exposures_total\\{[^}]*experiment=\"handover-speed\""
                + "[^}]*variant=\"control\"[^}]*} 1.0");
  }

  @Test
  void untaggedEventsAreTaggedWithTheirUsersVariantAndTaggedOnesKeepTheirs() {
    List<Interaction> submitted = new ArrayList<>();
    EventSink capture =
        new EventSink() {
          @Override
          public Receipt submit(List<Interaction> events) {
            submitted.addAll(events);
            return new Receipt(events.size(), 0, 0, true);
          }

          @Override
          public String describe() {
            return "capture";
          }
        };
    EventController controller =
        new EventController(
            capture, props, assigner, new io.overdrive.retrieval.RecentCatalogue(100));
    controller.post(
        JsonMapper.builder()
            .build()
            .readTree(
                """
                [{"event_id": "t1", "user_id": "ab-1", "item_id": "i", "type": "view",
                  "timestamp": "2026-11-26T10:00:00Z"},
                 {"event_id": "t2", "user_id": "ab-1", "item_id": "i", "type": "view",
                  "experiment_variant": "from-client", "timestamp": "2026-11-26T10:00:00Z"}]
                """));
    assertThat(submitted.get(0).experimentVariant()).isEqualTo(assigner.assign("ab-1").name());
    assertThat(submitted.get(1).experimentVariant()).isEqualTo("from-client");
  }

  @Test
  void aBadExperimentFileFailsTheBootNamingTheField(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        "{\"name\": \"x\", \"variants\": [{\"name\": \"a\", \"traffic\": 0.5, \"settings\":"
            + " {\"maturity_half_point\": -1}}, {\"name\": \"b\", \"traffic\": 0.5}]}");
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(OverdriveApiApplication.class)
                    .run("--server.port=0", "--overdrive.experiments-file=" + bad)
                    .close())
        .hasStackTraceContaining("bad.json")
        .hasStackTraceContaining("variants[0].settings.maturity_half_point");
  }
}
