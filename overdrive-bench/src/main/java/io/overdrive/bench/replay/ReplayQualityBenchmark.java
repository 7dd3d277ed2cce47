package io.overdrive.bench.replay;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.domain.UserProfile;
import io.overdrive.importer.BulkImporter;
import io.overdrive.model.ModelDirectory;
import io.overdrive.training.eval.RankingMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole loop on public data (docs/benchmarks.md, "Replay quality: the loop end to end"): a
 * standalone API with an archive and an empty model directory; items, signup profiles and every
 * interaction but each user's last loaded through the REST API by the bulk importer ({@code
 * bin/import}'s path); served HR@20 / NDCG@20 of For You <em>without candidates</em> against each
 * user's held-out item, with the rules alone; the trainer run on the API's own archive into the
 * API's model directory; once the API serves the new version, the same measurement again. PopRec
 * (counts of the loaded events, never an item the user interacted with) on the same split beside
 * them. Each served list is also checked for items the user already interacted with.
 *
 * <pre>
 * --data PATH             MovieLens directory or SASRec file (required)
 * --api-jar, --trainer-jar  the jars (the script passes them)
 * --train-minutes M       the trainer's --max-minutes budget (default 8; it runs under nice -n 10)
 * --profiles top-genres|none  signup interests: the top genres of the user's history, or none
 * --genres N              how many top genres (default 3)
 * --events like|view|rating, --times now|original  how ratings become events (defaults like, now)
 * --users N               evaluate N users (default all)  --limit 20  --seed 42
 * --api-env K=V,K=V       extra settings of the API (e.g. OVERDRIVE_RETRIEVAL_CANDIDATES=500)
 * --variants NAME:K=V,K=V;NAME:...  after the run, the trained version served again by a fresh
 *                         API per variant with these settings added (same load, measured alike);
 *                         ranking=default|no_diversity|two_tower_alone|sequence_alone|hand_set
 *                         picks the ranking settings
 * </pre>
 */
public final class ReplayQualityBenchmark {
  private static final Duration VERSION_WAIT = Duration.ofMinutes(10);

  private ReplayQualityBenchmark() {}

  public static void main(String[] argv) throws Exception {
    BenchArgs args = BenchArgs.parse(withDefault(argv, "times", "now"));
    Path work = AppProcesses.workDir(args, "replay-quality");
    Replay replay = new Replay(args, work);
    int limit = args.integer("limit", 20);
    String profiles = args.get("profiles", "top-genres");
    int genres = args.integer("genres", 3);
    double minutes = args.decimal("train-minutes", 8);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "replay-quality");
    out.put("data", Path.of(replay.data.source()).getFileName().toString());
    out.put("date", Instant.now().toString());
    out.put("load_average_start", loadAverage());
    out.put("users", replay.evaluated.size());
    out.put("items", replay.data.catalogue().size());
    out.put("events_loaded", replay.history.size());
    out.put(
        "profiles",
        switch (profiles) {
          case "top-genres" -> "top " + genres + " genres of the user's loaded history";
          case "none" -> "none";
          default -> throw new IllegalArgumentException("--profiles must be top-genres or none");
        });
    out.put("event_type", args.get("events", "like"));
    out.put("times", args.get("times"));
    out.put("train_max_minutes", minutes);

    List<UserProfile> signups = new ArrayList<>();
    if (profiles.equals("top-genres")) {
      for (ReplayData.User u : replay.data.users()) {
        UserProfile known = replay.data.profiles().get(u.userId());
        signups.add(
            new UserProfile(
                u.userId(),
                ReplayQuality.topGenres(replay.data, u, genres),
                known == null ? null : known.bio(),
                List.of(),
                null));
      }
    }
    Path load =
        ReplayQuality.writeImport(
            work.resolve("import"),
            replay.data,
            replay.history,
            ReplayQuality.createdAt(replay.history, replay.data.catalogue()),
            signups);
    Path archive = Files.createDirectories(work.resolve("archive"));
    Path models = Files.createDirectories(work.resolve("models"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OVERDRIVE_ARCHIVE_ROLL_SECONDS", "5");
    env.putAll(keyValues(args.get("api-env", "")));
    Map<String, Boolean> trainedHits = new LinkedHashMap<>();
    try (ReplayApi api =
        ReplayApi.start(replay.apiJar, work, "quality", models, Map.of(), archive, env)) {
      long t0 = System.nanoTime();
      load(api, load, work.resolve("import.checkpoint"));
      out.put("load_seconds", seconds(t0));

      out.put("rules", measure(api, replay, limit, new LinkedHashMap<>()));
      Replay.log("rules only: " + out.get("rules"));

      awaitSealed(archive);
      long t1 = System.nanoTime();
      replay.train(archive, models, minutes);
      String version = ModelDirectory.latest(models).orElseThrow();
      out.put("train_seconds", seconds(t1));
      long t2 = System.nanoTime();
      awaitServed(api, version);
      out.put("seconds_to_serve_the_version", seconds(t2));
      out.put("model_version", version);
      out.put("trained", measure(api, replay, limit, trainedHits));
      Replay.log("after training: " + out.get("trained"));
    }
    Path version = models.resolve((String) out.get("model_version"));
    int retrieved = Integer.parseInt(env.getOrDefault("OVERDRIVE_RETRIEVAL_CANDIDATES", "200"));
    Map<String, Integer> positions =
        RetrievalRecall.positions(version, replay.evaluated, replay.history, signups, 1000);
    out.put(
        "loss_split",
        RetrievalRecall.split(
            positions,
            trainedHits,
            io.overdrive.model.LoadedModel.load(version),
            replay.evaluated,
            retrieved));
    Replay.log("loss split: " + out.get("loss_split"));
    // the same trained version served under other settings: a fresh API each, the same load
    for (String variant : args.get("variants", "").split(";")) {
      if (variant.isBlank()) {
        continue;
      }
      String[] nv = variant.split(":", 2);
      Map<String, String> venv = new LinkedHashMap<>(env);
      Map<String, String> given = keyValues(nv.length > 1 ? nv[1] : "");
      String ranking = given.remove("ranking");
      venv.putAll(given);
      try (ReplayApi api =
          ReplayApi.start(
              replay.apiJar,
              work,
              nv[0],
              models,
              rankingSettings(ranking == null ? "default" : ranking),
              Files.createDirectories(work.resolve("archive-" + nv[0])),
              venv)) {
        load(api, load, work.resolve("import-" + nv[0] + ".checkpoint"));
        awaitServed(api, (String) out.get("model_version"));
        Map<String, Boolean> hits = new LinkedHashMap<>();
        Map<String, Object> row = measure(api, replay, limit, hits);
        int k = Integer.parseInt(venv.getOrDefault("OVERDRIVE_RETRIEVAL_CANDIDATES", "200"));
        row.put(
            "loss_split",
            RetrievalRecall.split(
                positions,
                hits,
                io.overdrive.model.LoadedModel.load(version),
                replay.evaluated,
                k));
        row.put("env", given);
        row.put("ranking", ranking == null ? "default" : ranking);
        out.put("variant_" + nv[0], row);
        Replay.log(nv[0] + ": " + row);
      }
    }
    Map<String, Object> pop =
        Replay.row(ReplayQuality.popRecMetrics(replay.evaluated, replay.history, limit));
    out.put("poprec", pop);
    double popHr = (double) pop.get("hr@20");
    double trainedHr = (double) ((Map<?, ?>) out.get("trained")).get("hr@20");
    double rulesHr = (double) ((Map<?, ?>) out.get("rules")).get("hr@20");
    out.put("trained_over_poprec_hr@20", Replay.round(trainedHr / Math.max(popHr, 1e-9)));
    out.put("target_met", trainedHr >= 2 * popHr && trainedHr > rulesHr);
    out.put("load_average_end", loadAverage());
    System.out.println(new JsonMapper().writeValueAsString(out));
  }

  /**
   * For You without candidates for every evaluated user: HR / NDCG against the held-out item, where
   * the candidates came from, and how many served items the user had already interacted with.
   */
  private static Map<String, Object> measure(
      ReplayApi api, Replay replay, int limit, Map<String, Boolean> hits)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    Map<String, Integer> sources = new TreeMap<>();
    long served = 0;
    long seen = 0;
    int usersServedSeen = 0;
    String version = "";
    for (ReplayData.User u : replay.evaluated) {
      ReplayApi.Ranked r = api.rank(u.userId(), List.of(), limit);
      m.add(Replay.rankIn(r.ids(), u.heldOut()));
      hits.put(u.userId(), r.ids().contains(u.heldOut()));
      sources.merge(r.candidateSource(), 1, Integer::sum);
      int again = ReplayQuality.alreadySeen(r.ids(), ReplayQuality.historyItems(u));
      served += r.ids().size();
      seen += again;
      usersServedSeen += again > 0 ? 1 : 0;
      if (!r.modelVersion().isEmpty()) {
        version = r.modelVersion();
      }
    }
    Map<String, Object> out = Replay.row(m.result());
    out.put("served_per_user", Replay.round(served / (double) replay.evaluated.size()));
    out.put("served_already_seen", seen);
    out.put("users_served_already_seen", usersServedSeen);
    out.put("candidate_source", sources);
    out.put("model_version", version);
    out.put("seconds", seconds(t0));
    return out;
  }

  /** Loads the import directory through the API as {@code bin/import} does; no line may fail. */
  private static void load(ReplayApi api, Path dir, Path checkpoint) {
    BulkImporter.Report report =
        new BulkImporter(
                BulkImporter.Options.defaults(URI.create(api.base()), checkpoint)
                    .withBatchSize(1000))
            .run(List.of(dir));
    if (report.rejected() > 0) {
      throw new IllegalStateException("the API rejected lines: " + report.rejects());
    }
    Replay.log("loaded " + report.accepted());
  }

  /**
   * A variant's ranking settings (an experiment of one arm): {@code default}, {@code no_diversity}
   * (MMR, caps and exploration off), {@code two_tower_alone} / {@code sequence_alone} (one model's
   * score orders the feed), {@code hand_set} (the hand-set weights instead of the trained blend).
   */
  private static Map<String, Object> rankingSettings(String name) {
    return switch (name) {
      case "default" -> Map.of();
      case "no_diversity" -> Replay.withoutDiversity(Map.of());
      // the trained blend replaces the learned weights for users it applies to: off, or the
      // "alone" weights would not apply (Replay.alone leaves it on)
      case "two_tower_alone" -> withoutTrainedBlend(Replay.alone("two_tower"));
      case "sequence_alone" -> withoutTrainedBlend(Replay.alone("sequence"));
      case "hand_set" -> Map.of("trained_blend", false);
      default -> throw new IllegalArgumentException("unknown ranking " + name);
    };
  }

  private static Map<String, Object> withoutTrainedBlend(Map<String, Object> settings) {
    Map<String, Object> out = new LinkedHashMap<>(settings);
    out.put("trained_blend", false);
    return out;
  }

  /** {@code K=V,K=V} as a map. */
  private static Map<String, String> keyValues(String list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : list.split(",")) {
      if (!kv.isBlank()) {
        String[] p = kv.split("=", 2);
        out.put(p[0].trim(), p[1].trim());
      }
    }
    return out;
  }

  /** Waits until the archive has no part in progress (the API finishes them every few seconds). */
  private static void awaitSealed(Path archive) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.walk(archive)) {
        if (files.noneMatch(p -> p.getFileName().toString().endsWith(".inprogress"))) {
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the API did not finish its archive parts in " + archive);
  }

  /** Waits until the API says it ranks with {@code version} ({@code GET /console/api/models}). */
  private static void awaitServed(ReplayApi api, String version) throws Exception {
    long deadline = System.nanoTime() + VERSION_WAIT.toNanos();
    String inUse = "";
    while (System.nanoTime() < deadline) {
      JsonNode models = api.get("/console/api/models");
      inUse = models.path("in_use").asString("");
      if (inUse.equals(version)) {
        Replay.log("the API serves " + version);
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the API still serves '" + inUse + "' " + VERSION_WAIT + " after " + version + " was made");
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String[] withDefault(String[] argv, String name, String value) {
    if (Set.of(argv).contains("--" + name)) {
      return argv;
    }
    String[] out = java.util.Arrays.copyOf(argv, argv.length + 2);
    out[argv.length] = "--" + name;
    out[argv.length + 1] = value;
    return out;
  }
}
