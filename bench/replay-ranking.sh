#!/usr/bin/env bash
# What the served feed keeps of what the models know (docs/benchmarks.md, "Replay"): replays a
# public ratings data set through the real API, each user's history (all but their last item) via
# POST /events into a standalone overdrive-api.jar started per configuration, then ranks the held-out
# item among 999 sampled unseen ones (each described with its title and genres as hashtags) with
# POST /rank/for-you. Prints HR@20 / NDCG@20 of popularity, EASE, each model alone, the rules without
# models and the served blend, with and without diversity and exploration, as one JSON line.
#
#   bench/replay-ranking.sh DATA [--events like|view|rating] [--times original|now]
#       [--model-dir DIR] [--train-minutes 20] [--runs rules,served,model_check,...] [--users N]
#       [--in-process served,served@mmr_lambda=0.75,sequence_alone,...] [--ease off]
#
# --in-process ranks with the API's pipeline in process (same stages, an in-memory store fed the
# same events): seconds per configuration, for sweeps; --runs model_check compares each model's
# own scores with what the served pipeline makes of them.
#
# DATA is a MovieLens directory (100K's u.data, 1M's ratings.dat or ratings.csv) or SASRec's
# `user item` file; MovieLens is for research use only and is not in the repository. Without
# --model-dir holding a trained version, the models are trained on the replayed events first
# (--train-minutes, under nice); with --model-dir the training is kept there for the next run.
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/replay-ranking.sh DATA [options]" >&2; exit 2; }
data="$(cd "$CALLER_PWD" && realpath "$1")"; shift
args=()
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "bench: option $1 needs a value" >&2; exit 2; }
  case "$1" in
    --model-dir) args+=("$1" "$(cd "$CALLER_PWD" && realpath -m "$2")");;
    *) args+=("$1" "$2");;
  esac
  shift 2
done
build overdrive-api,overdrive-training
cp overdrive-api/target/overdrive-api.jar overdrive-training/target/overdrive-training.jar "$WORK/"
java -Xmx2g -cp "$BENCH_CP" io.overdrive.bench.replay.ReplayRankingBenchmark --data "$data" \
  --api-jar "$WORK/overdrive-api.jar" --trainer-jar "$WORK/overdrive-training.jar" --work "$WORK" "${args[@]}"
