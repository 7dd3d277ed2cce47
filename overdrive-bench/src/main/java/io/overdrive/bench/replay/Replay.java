package io.overdrive.bench.replay;

import io.overdrive.bench.BenchArgs;
import io.overdrive.domain.Interaction;
import io.overdrive.domain.Item;
import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventJson;
import io.overdrive.model.LoadedModel;
import io.overdrive.model.ModelDirectory;
import io.overdrive.ranking.RankingSettings;
import io.overdrive.ranking.blender.TrainedBlend;
import io.overdrive.training.TrainingRun;
import io.overdrive.training.blend.BlendFitter;
import io.overdrive.training.data.DataFormat;
import io.overdrive.training.data.InteractionData;
import io.overdrive.training.eval.LeaveOneOutSplit;
import io.overdrive.training.eval.RankingMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the replay benchmarks share: a public ratings data set split per user ({@link ReplayData}),
 * turned into the events an app would send ({@link ReplayEvents}), replayed through {@code POST
 * /events} into a standalone API process per ranking configuration ({@link ReplayApi}), with the
 * baselines (popularity from the replayed events, EASE) computed here on the same users, and a
 * trainer run on the replayed events when a model directory is wanted.
 */
final class Replay {
  final BenchArgs args;
  final ReplayData data;
  final ReplayEvents mapping;
  final Path work;
  final Path apiJar;
  final List<ReplayData.User> evaluated;
  final List<Interaction> history;
  final long seed;

  Replay(BenchArgs args, Path work) throws IOException {
    this.args = args;
    this.work = work;
    this.seed = args.longInteger("seed", 42);
    this.apiJar = Path.of(required(args, "api-jar"));
    this.data = ReplayData.load(Path.of(required(args, "data")));
    this.mapping =
        ReplayEvents.of(
            args.get("events", "like"),
            args.get("times", "original"),
            !args.get("event-hashtags", "on").equals("off"),
            data,
            Instant.now());
    List<ReplayData.User> users = new ArrayList<>(data.users());
    int max = args.integer("users", 0);
    if (max > 0 && max < users.size()) {
      java.util.Collections.shuffle(users, new Random(seed));
      users = users.subList(0, max);
    }
    this.evaluated = List.copyOf(users);
    List<Interaction> events = new ArrayList<>();
    for (ReplayData.Rating r : data.historyInTimeOrder()) {
      events.add(mapping.event(r, data.item(r.itemId()), data.timed()));
    }
    this.history = events;
  }

  static String required(BenchArgs args, String name) {
    String v = args.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  /** The replayed events as an archive directory the trainer reads (events, items, users). */
  Path writeArchive(Path dir, boolean withProfiles) throws IOException {
    Files.createDirectories(dir);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8)) {
      for (Interaction e : history) {
        w.write(EventJson.toJson(e));
        w.newLine();
      }
    }
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("items.jsonl"), StandardCharsets.UTF_8)) {
      for (String id : data.catalogue()) {
        w.write(CatalogueJson.itemToJson(data.item(id)));
        w.newLine();
      }
    }
    if (withProfiles && !data.profiles().isEmpty()) {
      try (BufferedWriter w =
          Files.newBufferedWriter(dir.resolve("users.jsonl"), StandardCharsets.UTF_8)) {
        for (var p : data.profiles().values()) {
          w.write(CatalogueJson.userToJson(p));
          w.newLine();
        }
      }
    }
    return dir;
  }

  /**
   * A model directory trained on the replayed events: {@code --model-dir} when it already holds a
   * version (so runs can share one training), else a new training of {@code --train-minutes} on
   * {@code archive} written there (or into the work directory).
   */
  Path models(Path archive) throws IOException, InterruptedException {
    Path dir = args.has("model-dir") ? Path.of(args.get("model-dir")) : work.resolve("models");
    if (ModelDirectory.latest(dir).isPresent()) {
      log("using the trained models in " + dir);
      Path version = dir.resolve(ModelDirectory.latest(dir).get());
      if (!Files.exists(version.resolve(TrainedBlend.FILE))) {
        // a version trained before the trainer fitted blends: fit its blend here, as the trainer
        // would have (same data, same split, same fitter)
        log("fitting the blend of " + version + " on " + archive);
        InteractionData trained =
            DataFormat.ARCHIVE.load(archive, DataFormat.ARCHIVE.defaultMinInteractions());
        new BlendFitter(TrainingRun.BLEND_USERS, seed)
            .fit(new LeaveOneOutSplit(trained), LoadedModel.load(version))
            .write(version.resolve(TrainedBlend.FILE));
      }
      return dir;
    }
    Files.createDirectories(dir);
    train(archive, dir, args.decimal("train-minutes", 20));
    return dir;
  }

  /** The blend fitter's report on the rules alone (no model), on the trainer's split. */
  Map<String, Object> rulesFit(Path archive) {
    InteractionData trained =
        DataFormat.ARCHIVE.load(archive, DataFormat.ARCHIVE.defaultMinInteractions());
    Map<String, RankingSettings> handSet = new LinkedHashMap<>();
    handSet.put("hand_set", RankingSettings.defaults());
    for (String variant : args.get("hand-set-variants", "").split(";")) {
      if (!variant.isBlank()) {
        // name:signal=weight,signal=weight (learned weights)
        String[] nv = variant.split(":", 2);
        Map<String, Double> learned = new LinkedHashMap<>();
        for (String sw : nv[1].split(",")) {
          String[] kv = sw.split("=");
          learned.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
        }
        handSet.put(
            nv[0], RankingSettings.defaults().withOverrides(Map.of("learned_weights", learned)));
      }
    }
    TrainedBlend b =
        new BlendFitter(TrainingRun.BLEND_USERS, seed, handSet)
            .fit(new LeaveOneOutSplit(trained), null);
    Map<String, Object> out = new LinkedHashMap<>(b.fit());
    Map<String, Object> weights = new LinkedHashMap<>();
    b.weights().forEach((slot, w) -> weights.put(slot.slotName(), w));
    out.put("weights", weights);
    return out;
  }

  /** Runs the trainer jar on an archive; its output goes to the work directory's trainer.log. */
  void train(Path archive, Path out, double minutes) throws IOException, InterruptedException {
    Path jar = Path.of(required(args, "trainer-jar"));
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("nice", "-n", "10"));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Dai.djl.offline=true", "-jar", jar.toString()));
    cmd.addAll(List.of("--data-dir", archive.toString(), "--data-format", "archive"));
    cmd.addAll(List.of("--output-dir", out.toString(), "--max-minutes", Double.toString(minutes)));
    cmd.addAll(List.of("--seed", Long.toString(seed)));
    log("training on " + archive + " for up to " + minutes + " minutes (log: trainer.log)");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("trainer.log").toFile()));
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process p = pb.start();
    if (!p.waitFor((long) (minutes * 60 + 1800), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the trainer did not finish; see " + work.resolve("trainer.log"));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "the trainer failed (" + p.exitValue() + "); see " + work.resolve("trainer.log"));
    }
  }

  /** The candidates of each evaluated user: the held-out item and sampled unseen ones. */
  Map<String, List<String>> candidates() {
    int negatives = args.integer("negatives", 999);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ReplayData.User u : evaluated) {
      out.put(u.userId(), data.candidates(u, negatives, seed));
    }
    return out;
  }

  /**
   * Starts an API with the configuration, replays the history (and the profiles when asked), ranks
   * every evaluated user's candidates and stops it.
   */
  Map<String, Object> served(
      String name,
      Path modelDir,
      Map<String, Object> settings,
      Map<String, List<String>> candidates,
      boolean profiles)
      throws Exception {
    long t0 = System.nanoTime();
    try (ReplayApi api = ReplayApi.start(apiJar, work, name, modelDir, settings, null, Map.of())) {
      if (profiles) {
        for (var p : data.profiles().values()) {
          api.putUser(p);
        }
      }
      api.postEvents(history);
      RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
      String version = "";
      int limit = args.integer("limit", 20);
      for (ReplayData.User u : evaluated) {
        List<Item> described = new ArrayList<>();
        for (String id : candidates.get(u.userId())) {
          described.add(data.item(id));
        }
        ReplayApi.Ranked r = api.rank(u.userId(), described, limit);
        m.add(rankIn(r.ids(), u.heldOut()));
        if (!r.modelVersion().isEmpty()) {
          version = r.modelVersion();
        }
      }
      Map<String, Object> out = row(m.result());
      out.put("model_version", version);
      out.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
      log(name + ": " + out);
      return out;
    }
  }

  /** 1-based position of the target in a served list, or past the end when it is not there. */
  static int rankIn(List<String> ids, String target) {
    int i = ids.indexOf(target);
    return i < 0 ? Integer.MAX_VALUE / 2 : i + 1;
  }

  /** HR@20 and NDCG@20 (and @10) of an accumulated run. */
  static Map<String, Object> row(RankingMetrics m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hr@20", round(m.hr20()));
    out.put("ndcg@20", round(m.ndcg20()));
    out.put("hr@10", round(m.hr10()));
    out.put("ndcg@10", round(m.ndcg10()));
    out.put("users", m.users());
    return out;
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  /** The target's rank among scored candidates; ties count half (the trainer's rule). */
  static int rankOf(double[] scores, int target) {
    double t = scores[target];
    int higher = 0;
    int ties = 0;
    for (int i = 0; i < scores.length; i++) {
      if (i != target) {
        if (scores[i] > t) {
          higher++;
        } else if (scores[i] == t) {
          ties++;
        }
      }
    }
    return 1 + higher + ties / 2;
  }

  /** Popularity: each candidate by the number of replayed events on it. */
  Map<String, Object> popularity(Map<String, List<String>> candidates) {
    Map<String, Integer> counts = new HashMap<>();
    for (Interaction e : history) {
      counts.merge(e.itemId(), 1, Integer::sum);
    }
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    for (ReplayData.User u : evaluated) {
      List<String> c = candidates.get(u.userId());
      double[] s = new double[c.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = counts.getOrDefault(c.get(i), 0);
      }
      m.add(rankOf(s, c.indexOf(u.heldOut())));
    }
    return row(m.result());
  }

  /**
   * EASE on the same candidates, its regularisation chosen on the validation targets (each user's
   * history without its last item) from a small grid, then refitted on the whole history.
   */
  Map<String, Object> ease(Map<String, List<String>> candidates) {
    List<Set<String>> full = new ArrayList<>();
    List<Set<String>> withoutValidation = new ArrayList<>();
    Map<String, Set<String>> byUser = new HashMap<>();
    for (ReplayData.User u : data.users()) {
      Set<String> items = new LinkedHashSet<>();
      u.history().forEach(r -> items.add(r.itemId()));
      full.add(items);
      byUser.put(u.userId(), items);
      Set<String> train = new LinkedHashSet<>(items);
      if (u.validation() != null) {
        train.remove(u.validation());
      }
      withoutValidation.add(train);
    }
    double best = Double.NaN;
    double bestHr = -1;
    Map<String, Double> grid = new LinkedHashMap<>();
    for (double lambda : new double[] {50, 200, 500, 1000}) {
      Ease ease = Ease.fit(withoutValidation, data.catalogue(), lambda);
      RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
      for (ReplayData.User u : evaluated) {
        if (u.validation() == null) {
          continue;
        }
        Set<String> train = new LinkedHashSet<>(byUser.get(u.userId()));
        train.remove(u.validation());
        List<String> c = new ArrayList<>(candidates.get(u.userId()));
        c.set(c.indexOf(u.heldOut()), u.validation());
        m.add(rankOf(ease.scores(train, c), c.indexOf(u.validation())));
      }
      double hr = m.result().hr20();
      grid.put(Double.toString(lambda), round(hr));
      if (hr > bestHr) {
        bestHr = hr;
        best = lambda;
      }
    }
    Ease ease = Ease.fit(full, data.catalogue(), best);
    RankingMetrics.Accumulator m = new RankingMetrics.Accumulator();
    for (ReplayData.User u : evaluated) {
      List<String> c = candidates.get(u.userId());
      m.add(rankOf(ease.scores(byUser.get(u.userId()), c), c.indexOf(u.heldOut())));
    }
    Map<String, Object> out = row(m.result());
    out.put("lambda", best);
    out.put("validation_hr@20", grid);
    return out;
  }

  /**
   * The ranking settings of a named configuration: {@code rules}/{@code served} (the defaults),
   * {@code X_no_diversity} (X without diversity and exploration), {@code SIGNAL_alone} (one signal
   * orders the feed), {@code hand_set_blend} (the trained blend off), and sweeps as {@code
   * name@key=value@key=value} (numbers; e.g. {@code served@mmr_lambda=0.9}, {@code
   * rules@learned_weights.popularity=0.5}).
   */
  static Map<String, Object> settingsOf(String run) {
    String[] parts = run.split("@");
    String base = parts[0];
    Map<String, Object> out = new LinkedHashMap<>();
    if (base.endsWith("_no_diversity")) {
      base = base.substring(0, base.length() - "_no_diversity".length());
      out.putAll(withoutDiversity(Map.of()));
    }
    if (base.endsWith("_alone")) {
      out.putAll(alone(base.substring(0, base.length() - "_alone".length())));
    } else if (base.equals("hand_set_blend")) {
      out.put("trained_blend", false);
    } else if (!base.equals("rules") && !base.equals("served")) {
      throw new IllegalArgumentException("unknown run " + run);
    }
    for (int k = 1; k < parts.length; k++) {
      String[] kv = parts[k].split("=", 2);
      String[] path = kv[0].split("\\.", 2);
      if (path.length == 2) { // learned_weights.popularity=0.5
        @SuppressWarnings("unchecked")
        Map<String, Object> weights =
            (Map<String, Object>) out.computeIfAbsent(path[0], x -> new LinkedHashMap<>());
        weights.put(path[1], Double.parseDouble(kv[1]));
      } else {
        out.put(kv[0], Double.parseDouble(kv[1]));
      }
    }
    return out;
  }

  /** Settings that take diversity and exploration out of the feed. */
  static Map<String, Object> withoutDiversity(Map<String, Object> settings) {
    Map<String, Object> out = new LinkedHashMap<>(settings);
    out.put("mmr_lambda", 1.0);
    out.put("max_interest_share", 1.0);
    out.put("max_per_author", 1000);
    out.put("exploration_share", 0.0);
    return out;
  }

  /** Settings under which one signal alone orders the feed (a model's own scores). */
  static Map<String, Object> alone(String signal) {
    RankingSettings d = RankingSettings.defaults();
    Map<String, Double> cold = new LinkedHashMap<>();
    d.coldWeights().keySet().forEach(k -> cold.put(k, 0.0));
    Map<String, Double> learned = new LinkedHashMap<>();
    d.learnedWeights().keySet().forEach(k -> learned.put(k, 0.0));
    cold.put(signal, 1.0);
    learned.put(signal, 1.0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cold_weights", cold);
    out.put("learned_weights", learned);
    out.put("min_quality", 0.0);
    out.put("trained_blend", false); // the version's trained blend would weigh every signal
    return withoutDiversity(out);
  }

  static void log(String message) {
    System.err.printf(Locale.ROOT, "replay: %s%n", message);
  }
}
