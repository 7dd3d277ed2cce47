package io.overdrive.bench.replay;

import io.overdrive.bench.AppProcesses;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import io.overdrive.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One standalone API process of a replay (the real jar, started with the settings of one
 * configuration) and the calls the replay makes to it: events in batches, profiles, For You
 * rankings. Closing it stops the process.
 */
final class ReplayApi implements AutoCloseable {
  private static final ObjectMapper JSON = new JsonMapper();
  static final int EVENT_BATCH = 1000;

  private final Process process;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private ReplayApi(Process process, String base) {
    this.process = process;
    this.base = base;
  }

  /**
   * Starts the jar and waits for it to answer.
   *
   * @param modelDir the model directory, or null for rules only
   * @param settings ranking settings overrides (an experiment of one variant), empty for defaults
   * @param archiveDir where the API keeps its archive, or null for none
   */
  static ReplayApi start(
      Path jar,
      Path work,
      String name,
      Path modelDir,
      Map<String, Object> settings,
      Path archiveDir,
      Map<String, String> extraEnv)
      throws Exception {
    int port = AppProcesses.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("OVERDRIVE_SERVICE_PORT", Integer.toString(port));
    env.put("OVERDRIVE_RATE_LIMIT_ENABLED", "false");
    env.put("OVERDRIVE_DEMO_DATA", "false");
    if (modelDir != null) {
      env.put("OVERDRIVE_MODEL_DIR", modelDir.toString());
      env.put("OVERDRIVE_MODEL_POLL_INTERVAL", "2s");
    }
    if (archiveDir != null) {
      env.put("OVERDRIVE_ARCHIVE_DIR", archiveDir.toString());
    }
    if (!settings.isEmpty()) {
      ObjectNode experiment = JSON.createObjectNode();
      experiment.put("name", "replay-" + name);
      ObjectNode variant = experiment.putArray("variants").addObject();
      variant.put("name", name);
      variant.put("traffic", 1.0);
      variant.set("settings", JSON.valueToTree(settings));
      Path file = work.resolve("experiment-" + name + ".json");
      Files.writeString(file, JSON.writeValueAsString(experiment));
      env.put("OVERDRIVE_EXPERIMENTS_FILE", file.toString());
    }
    env.putAll(extraEnv);
    Process p =
        AppProcesses.startJar(
            jar, env, work.resolve("api-" + name + ".log"), "-Xmx1g", "-XX:+UseParallelGC");
    ReplayApi api = new ReplayApi(p, "http://127.0.0.1:" + port);
    try {
      AppProcesses.awaitHttp(api.base + "/health", p, Duration.ofMinutes(15));
    } catch (Exception e) {
      api.close();
      throw e;
    }
    return api;
  }

  /** Posts the events in batches of {@value #EVENT_BATCH}; returns how many were accepted. */
  long postEvents(List<Interaction> events) throws IOException, InterruptedException {
    long accepted = 0;
    for (int from = 0; from < events.size(); from += EVENT_BATCH) {
      List<Interaction> batch = events.subList(from, Math.min(events.size(), from + EVENT_BATCH));
      StringBuilder body = new StringBuilder(batch.size() * 200).append('[');
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) {
          body.append(',');
        }
        body.append(EventJson.toJson(batch.get(i)));
      }
      body.append(']');
      JsonNode reply = post("/events", body.toString());
      accepted += reply.path("accepted").asLong();
    }
    return accepted;
  }

  void putUser(UserProfile profile) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    profile.interests().forEach(body.putArray("interests")::add);
    body.put("bio", profile.bio() == null ? "" : profile.bio());
    profile.follows().forEach(body.putArray("follows")::add);
    send(
        HttpRequest.newBuilder(URI.create(base + "/users/" + profile.userId()))
            .header("content-type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /**
   * The ids For You returns for the user over these candidates (each described with its text and
   * hashtags), or, with no candidates, over what the API retrieves itself.
   */
  Ranked rank(String userId, List<Item> candidates, int limit)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("user_id", userId);
    body.put("limit", limit);
    if (!candidates.isEmpty()) {
      ArrayNode items = body.putArray("candidate_items");
      for (Item item : candidates) {
        ObjectNode c = items.addObject();
        c.put("id", item.id());
        if (item.text() != null) {
          c.put("content", item.text());
        }
        if (!item.hashtags().isEmpty()) {
          item.hashtags().forEach(c.putArray("hashtags")::add);
        }
      }
    }
    JsonNode reply = post("/rank/for-you", JSON.writeValueAsString(body));
    List<String> ids = new ArrayList<>();
    for (JsonNode item : reply.path("items")) {
      ids.add(item.path("id").asString());
    }
    return new Ranked(
        ids, reply.path("model_version").asString(""), reply.path("candidate_source").asString(""));
  }

  /** What one ranking answered. */
  record Ranked(List<String> ids, String modelVersion, String candidateSource) {}

  /** The API's base URL ({@code http://127.0.0.1:port}). */
  String base() {
    return base;
  }

  /** A GET of the API's that must answer 2xx, as JSON. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  private JsonNode post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          request.build().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  @Override
  public void close() throws InterruptedException {
    AppProcesses.stop(process);
  }
}
