package io.overdrive.bench.replay;

import io.overdrive.bench.AppProcesses;
import io.overdrive.bench.BenchArgs;
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
 * --runs a,b,...       which served configurations (default all)
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
    out.put("ease", replay.ease(candidates));
    Replay.log("ease: " + out.get("ease"));

    List<String> runs =
        List.of(
            args.get(
                    "runs",
                    "rules,rules_no_diversity,served,served_no_diversity,two_tower_alone,"
                        + "sequence_alone,hand_set_blend")
                .split(","));
    if (runs.contains("rules_fit")) {
      // in-process, no API: what each rule signal, the hand-set blend and a blend fitted on the
      // rules alone achieve (HR@10 of 100 candidates), to set the hand-set weights
      out.put("rules_fit", replay.rulesFit(replay.writeArchive(work.resolve("archive"), false)));
      Replay.log("rules_fit: " + out.get("rules_fit"));
      runs = runs.stream().filter(r -> !r.equals("rules_fit")).toList();
    }
    Path models = null;
    if (runs.stream().anyMatch(r -> !r.startsWith("rules"))) {
      models = replay.models(replay.writeArchive(work.resolve("archive"), false));
    }
    Map<String, Object> served = new LinkedHashMap<>();
    for (String run : runs) {
      Map<String, Object> settings =
          switch (run) {
            case "rules", "served" -> Map.of();
            case "rules_no_diversity", "served_no_diversity" -> Replay.withoutDiversity(Map.of());
            case "two_tower_alone" -> Replay.alone("two_tower");
            case "sequence_alone" -> Replay.alone("sequence");
            case "hand_set_blend" -> Map.of("trained_blend", false);
            default -> throw new IllegalArgumentException("unknown run " + run);
          };
      Path dir = run.startsWith("rules") ? null : models;
      served.put(run, replay.served(run, dir, settings, candidates, false));
    }
    out.putAll(served);
    System.out.println(new JsonMapper().writeValueAsString(out));
  }
}
