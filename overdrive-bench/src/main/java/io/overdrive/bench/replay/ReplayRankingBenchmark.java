package io.overdrive.bench.replay;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
import io.overdrive.model.LoadedModel;
import io.overdrive.ranking.RankingSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each ranking stage keeps of what the models know, on a public ratings data set replayed
 * through the real API (docs/benchmarks.md, "Replay: what the served feed keeps"): each user's
 * history (all but their last item) through {@code POST /events} into a standalone API, then {@code
 * POST /rank/for-you} over the held-out item and 999 sampled unseen items, each described with its
 * title and genres as hashtags. HR@20 / NDCG@20 of popularity, EASE, each model alone, the rules
 * without models and the served blend, with and without diversity and exploration.
 *
 * <pre>
 * --data PATH          MovieLens directory or SASRec file (required)
 * --api-jar, --trainer-jar   the jars (the script passes them)
 * --events like|view|rating  how ratings become events (default like)
 * --times original|now       the data's times, or shifted to end now (default original)
 * --event-hashtags on|off    events carry the item's genres (default on)
 * --model-dir DIR      trained models to use, or where to train them (kept)
 * --train-minutes M    training budget when the models are trained here (default 20)
 * --runs a,b,...       which served configurations (default all); model_check and rules_fit
 *                      run in process (no API)
 * --in-process a,b,...  configurations ranked by the same pipeline in process (ReplayPipeline):
 *                      the --runs names, SIGNAL_alone, and sweeps as name@setting=value;
 *                      with the models of --model-dir, if given (rules_* never)
 * --ease on|off        the EASE baseline (on)
 * --users N            evaluate N users (default all)  --negatives 999  --limit 20  --seed 42
 * </pre>
 */
public final class ReplayRankingBenchmark {
  private ReplayRankingBenchmark() {}

  public static void main(String[] argv) throws Exception {
    BenchArgs args = BenchArgs.parse(argv);
    Path work = AppProcesses.workDir(args, "replay-ranking");
    Replay replay = new Replay(args, work);
    Map<String, List<String>> candidates = replay.candidates();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "replay-ranking");
    out.put("data", Path.of(replay.data.source()).getFileName().toString());
    out.put("users", replay.evaluated.size());
    out.put("events_replayed", replay.history.size());
    out.put("candidates", candidates.values().iterator().next().size());
    out.put("event_type", args.get("events", "like"));
    out.put("times", args.get("times", "original"));
    out.put("event_hashtags", args.get("event-hashtags", "on"));
    out.put("popularity", replay.popularity(candidates));
    Replay.log("popularity: " + out.get("popularity"));
    if (!args.get("ease", "on").equals("off")) {
      out.put("ease", replay.ease(candidates));
      Replay.log("ease: " + out.get("ease"));
    }

    // by default every API configuration; none when only in-process ones are asked for
    String defaultRuns =
        args.has("in-process")
            ? ""
            : "rules,rules_no_diversity,served,served_no_diversity,two_tower_alone,"
                + "sequence_alone,hand_set_blend";
    List<String> runs =
        List.of(args.get("runs", defaultRuns).split(",")).stream()
            .filter(r -> !r.isBlank())
            .toList();
    if (runs.contains("rules_fit")) {
      // in-process, no API: what each rule signal, the hand-set blend and a blend fitted on the
      // rules alone achieve (HR@10 of 100 candidates), to set the hand-set weights
      out.put("rules_fit", replay.rulesFit(replay.writeArchive(work.resolve("archive"), false)));
      Replay.log("rules_fit: " + out.get("rules_fit"));
      runs = runs.stream().filter(r -> !r.equals("rules_fit")).toList();
    }
    Path models = null;
    boolean needModels =
        runs.stream().anyMatch(r -> !r.startsWith("rules"))
            || (args.has("in-process") && args.has("model-dir"));
    if (needModels) {
      Path archive = replay.writeArchive(work.resolve("archive"), false);
      models = replay.models(archive);
      if (runs.contains("model_check")) {
        // in process, no API: each model on the trainer's input vs through the real pipeline
        out.put("model_check", ReplayModelCheck.run(replay, archive, models, candidates));
        Replay.log("model_check: " + out.get("model_check"));
        runs = runs.stream().filter(r -> !r.equals("model_check")).toList();
      }
    }
    Map<String, Object> served = new LinkedHashMap<>();
    for (String run : runs) {
      Map<String, Object> settings = Replay.settingsOf(run);
      Path dir = run.startsWith("rules") ? null : models;
      served.put(run, replay.served(run, dir, settings, candidates, false));
    }
    out.putAll(served);
    if (args.has("in-process")) {
      // the same pipeline in process (ReplayPipeline): each configuration in seconds, not minutes
      ReplayPipeline pipeline = new ReplayPipeline(replay, candidates);
      LoadedModel model = models == null ? null : LoadedModel.loadLatest(models).orElseThrow();
      Map<String, Object> inProcess = new LinkedHashMap<>();
      for (String run : args.get("in-process").split(",")) {
        RankingSettings settings = RankingSettings.defaults().withOverrides(Replay.settingsOf(run));
        inProcess.put(run, pipeline.rank(run.startsWith("rules") ? null : model, settings));
        Replay.log("in process " + run + ": " + inProcess.get(run));
      }
      out.put("in_process", inProcess);
    }
    System.out.println(new JsonMapper().writeValueAsString(out));
  }
}
