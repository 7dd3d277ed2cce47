package io.overdrive.api.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import io.overdrive.api.ApiClient;
import io.overdrive.events.ArchiveWriter;
import io.overdrive.events.EventArchive;
import io.overdrive.events.RankingArchive;
import io.overdrive.experiments.ExperimentAssigner;
import io.overdrive.outcomes.ExperimentReport;
import io.overdrive.outcomes.InProcessRankingLog;
import io.overdrive.outcomes.OutcomeReplay;
import io.overdrive.outcomes.RankingLog;
import io.overdrive.store.FeatureStore;
import io.overdrive.synthetic.SyntheticWorld;
import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Outcomes per arm through the real API (standalone: in-process ranking log, in-memory store): a
 * synthetic world's users, whose true interests decide what they like, ask for their feed; the
 * gateway turns Overdrive off for a third of the requests ({@code x-use-overdrive: 0}, the
 * candidates in their given order) and an A/A experiment splits the rest between two identical
 * variants. Overdrive truly ranks better, so {@code GET /experiments} must call overdrive_off worse
 * with an interval excluding 0, and the A/A variants not yet distinguishable.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "overdrive.rate-limit.enabled=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ExperimentOutcomesApiTest {
  static final Path DIR = tempDir();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("overdrive.experiments-file", () -> write(DIR.resolve("aa.json")));
    registry.add("overdrive.archive-dir", () -> DIR.resolve("archive").toString());
  }

  static Path tempDir() {
    try {
      Path d = Files.createTempDirectory("outcomes");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String write(Path f) {
    try {
      Files.writeString(
          f,
          """
          {"name": "aa-check", "variants": [
            {"name": "control", "traffic": 0.5}, {"name": "twin", "traffic": 0.5}]}
          """);
      return f.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @LocalServerPort int port;
  @Autowired FeatureStore store;
  @Autowired RankingLog rankingLog;
  @Autowired ExperimentAssigner assigner;
  @Autowired ConfigurableApplicationContext context;

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  @Order(1)
  void theToggleServesTheGivenOrderAsOverdriveOffAndLogsIt() throws Exception {
    ApiClient api = new ApiClient(port);
    String body =
        "{\"user_id\": \"toggle-user\", \"limit\": 3, \"candidate_items\": [{\"id\": \"c3\"},"
            + " {\"id\": \"c1\"}, {\"id\": \"c2\"}, {\"id\": \"c0\"}]}";
    JsonNode off = api.post("/rank/for-you", body, "x-use-overdrive", "0").json();
    assertThat(off.get("variant").asString()).isEqualTo("overdrive_off");
    assertThat(off.get("experiment").asString()).isEqualTo("aa-check");
    List<String> ids = new ArrayList<>();
    off.get("items").forEach(i -> ids.add(i.get("id").asString()));
    assertThat(ids).containsExactly("c3", "c1", "c2");
    String offId = off.get("ranking_id").asString();
    assertThat(offId).matches("[0-9a-f]{8}-[0-9a-f]{16}");

    JsonNode on = api.post("/rank/for-you", body, "x-use-overdrive", "1").json();
    String variant = assigner.assign("toggle-user").name();
    assertThat(on.get("variant").asString()).isEqualTo(variant);
    assertThat(on.get("ranking_id").asString()).isNotEqualTo(offId);
    JsonNode absent = api.post("/rank/for-you", body).json();
    assertThat(absent.get("variant").asString()).isEqualTo(variant);

    ApiClient.Response bad = api.post("/rank/for-you", body, "x-use-overdrive", "maybe");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asString()).isEqualTo("x-use-overdrive");

    // attribution: a like naming the off ranking counts for overdrive_off although the user's
    // variant is another; an event without a ranking id counts for the user's variant
    ((InProcessRankingLog) rankingLog).flush();
    JsonNode before = arms();
    api.post(
        "/events",
        "[{\"event_id\": \"t1\", \"user_id\": \"toggle-user\", \"item_id\": \"c3\", \"type\":"
            + " \"like\", \"timestamp\": \"2026-12-01T10:00:00Z\", \"ranking_id\": \""
            + offId
            + "\", \"position\": 0},"
            + " {\"event_id\": \"t2\", \"user_id\": \"toggle-user\", \"item_id\": \"c1\","
            + " \"type\": \"impression\", \"timestamp\": \"2026-12-01T10:00:01Z\"}]");
    JsonNode after = arms();
    assertThat(count(after, "overdrive_off", "likes") - count(before, "overdrive_off", "likes"))
        .isEqualTo(1);
    assertThat(count(after, "overdrive_off", "rankings")).isGreaterThanOrEqualTo(1);
    assertThat(count(after, variant, "impressions") - count(before, variant, "impressions"))
        .isEqualTo(1);
    assertThat(count(after, variant, "likes")).isEqualTo(count(before, variant, "likes"));

    ApiClient.Response badId =
        api.post(
            "/events",
            "{\"event_id\": \"t3\", \"user_id\": \"toggle-user\", \"item_id\": \"c3\", \"type\":"
                + " \"like\", \"timestamp\": \"2026-12-01T10:00:00Z\", \"ranking_id\": \"x\"}");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.json().get("field").asString()).isEqualTo("ranking_id");
  }

  @Test
  @Order(2)
  void theTrulyBetterArmWinsWithAnIntervalExcludingZeroAndTheAaTwinsDoNotDiffer() throws Exception {
    SyntheticWorld world =
        SyntheticWorld.generate(
            SyntheticWorld.Config.small().withUsers(120).withItems(600).withSeed(7));
    store.putItems(world.catalogue());
    ApiClient api = new ApiClient(port);
    for (SyntheticUser u : world.users()) {
      api.put(
          "/users/" + u.id(),
          ApiClient.json(Map.of("interests", u.profile().interests(), "bio", "")));
    }
    SplittableRandom rnd = new SplittableRandom(11);
    List<SyntheticItem> items = world.items();
    Map<String, Integer> servedPerArm = new HashMap<>();
    int eventNo = 0;
    for (int round = 0; round < 4; round++) {
      for (SyntheticUser u : world.users()) {
        boolean off = rnd.nextInt(3) == 0;
        StringBuilder candidates = new StringBuilder();
        java.util.Set<String> picked = new java.util.HashSet<>();
        while (picked.size() < 30) {
          String id = items.get(rnd.nextInt(items.size())).item().id();
          if (picked.add(id)) {
            candidates
                .append(picked.size() == 1 ? "" : ",")
                .append("{\"id\": \"")
                .append(id)
                .append("\"}");
          }
        }
        String body =
            "{\"user_id\": \""
                + u.id()
                + "\", \"limit\": 10, \"candidate_items\": ["
                + candidates
                + "]}";
        ApiClient.Response ranked =
            api.post("/rank/for-you", body, "x-use-overdrive", off ? "0" : "1");
        assertThat(ranked.status()).as(ranked.body()).isEqualTo(200);
        JsonNode answer = ranked.json();
        servedPerArm.merge(answer.get("variant").asString(), 1, Integer::sum);
        String rankingId = answer.get("ranking_id").asString();
        List<String> events = new ArrayList<>();
        int position = 0;
        for (JsonNode it : answer.get("items")) {
          SyntheticItem item = world.item(it.get("id").asString());
          boolean liked = rnd.nextDouble() < world.engageProbability(u, item);
          Instant t = T0.plusSeconds(round * 3600L + position);
          events.add(event("s" + eventNo++, u, item, "impression", 0, rankingId, position, t));
          events.add(
              event(
                  "s" + eventNo++,
                  u,
                  item,
                  liked ? "like" : "skip",
                  liked ? 9000 : 800,
                  rankingId,
                  position,
                  t));
          position++;
        }
        ApiClient.Response accepted = api.post("/events", "[" + String.join(",", events) + "]");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
      }
    }
    ((InProcessRankingLog) rankingLog).flush();

    JsonNode report = api.get("/experiments/aa-check").json();
    assertThat(report.get("control").asString()).isEqualTo("control");
    JsonNode off = variant(report, "overdrive_off");
    JsonNode twin = variant(report, "twin");
    JsonNode control = variant(report, "control");
    // every ranking served was counted for its arm (the toggle test's three too)
    assertThat(off.get("rankings").asLong()).isEqualTo(servedPerArm.get("overdrive_off") + 1);
    assertThat(control.get("rankings").asLong() + twin.get("rankings").asLong())
        .isEqualTo(servedPerArm.get("control") + servedPerArm.get("twin") + 2);
    assertThat(control.get("impressions").asLong()).isGreaterThan(1000);

    JsonNode offLift = off.get("lift").get("engagement_rate");
    assertThat(off.get("verdict").asString()).isEqualTo(ExperimentReport.WORSE);
    assertThat(offLift.get("ci_high").asDouble()).isLessThan(0);
    assertThat(off.get("engagement_rate").get("value").asDouble())
        .isLessThan(control.get("engagement_rate").get("ci_low").asDouble());

    JsonNode twinLift = twin.get("lift").get("engagement_rate");
    assertThat(twin.get("verdict").asString()).isEqualTo(ExperimentReport.UNDECIDED);
    assertThat(twinLift.get("ci_low").asDouble()).isLessThan(0);
    assertThat(twinLift.get("ci_high").asDouble()).isGreaterThan(0);

    // the Prometheus counters by experiment and variant
    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .containsPattern(
            "overdrive_experiment_rankings_total\\{[^}]*experiment=\"aa-check\"[^}]*"
                + "variant=\"overdrive_off\"[^}]*} "
                + off.get("rankings").asLong()
                + ".0")
        .containsPattern(
            "overdrive_experiment_engagements_total\\{[^}]*experiment=\"aa-check\""
                + "[^}]*type=\"like\"[^}]*variant=\"twin\"[^}]*} "
                + twin.get("likes").asLong()
                + ".0");

    // the offline report over the standalone archive gives the endpoint's figures
    // finish the archive's open parts, as a shutdown does
    rankingLog.close();
    context.getBean(ArchiveWriter.class).close();
    OutcomeReplay.Replay replay = OutcomeReplay.count(DIR.resolve("archive"));
    assertThat(RankingArchive.rankingFiles(DIR.resolve("archive"))).isNotEmpty();
    assertThat(EventArchive.eventFiles(DIR.resolve("archive"))).isNotEmpty();
    ExperimentReport offline = OutcomeReplay.reports(replay.totals(), "aa-check").get(0);
    assertThat(ApiClient.json(offline.variant("overdrive_off"))).isEqualTo(ApiClient.json(off));
  }

  private static String event(
      String id,
      SyntheticUser u,
      SyntheticItem item,
      String type,
      long dwellMs,
      String rankingId,
      int position,
      Instant t) {
    return ApiClient.json(
        Map.of(
            "event_id", id,
            "user_id", u.id(),
            "item_id", item.item().id(),
            "type", type,
            "dwell_ms", dwellMs,
            "ranking_id", rankingId,
            "position", position,
            "timestamp", t.toString()));
  }

  private JsonNode arms() {
    return new ApiClient(port).get("/experiments/aa-check").json();
  }

  private static JsonNode variant(JsonNode report, String name) {
    for (JsonNode v : report.get("variants")) {
      if (v.get("variant").asString().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name + " in " + report);
  }

  private static long count(JsonNode report, String variant, String field) {
    return variant(report, variant).get(field).asLong();
  }
}
