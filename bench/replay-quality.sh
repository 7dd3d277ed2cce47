#!/usr/bin/env bash
# The whole loop on public data (docs/benchmarks.md, "Replay quality"): starts a standalone
# overdrive-api.jar with an archive and an empty model directory, loads items (title as content,
# genres as hashtags, created_at), signup profiles and every interaction but each user's last
# through the REST API (bin/import's path), measures For You *without candidates* against each
# user's held-out item (rules only), trains on the API's own archive into its model directory
# (nice -n 10, --train-minutes budget), waits until the API serves the new version and measures
# again; PopRec on the same split beside it. Prints one JSON line.
#
#   bench/replay-quality.sh DATA [--train-minutes 8] [--profiles top-genres|none] [--users N]
#       [--events like|view|rating] [--times now|original] [--api-env K=V,...]
#
# DATA is a MovieLens directory (100K's u.data, 1M's ratings.dat or ratings.csv) or SASRec's
# `user item` file; MovieLens is for research use only and is not in the repository.
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/replay-quality.sh DATA [options]" >&2; exit 2; }
data="$(cd "$CALLER_PWD" && realpath "$1")"; shift
build overdrive-api,overdrive-training
cp overdrive-api/target/overdrive-api.jar overdrive-training/target/overdrive-training.jar "$WORK/"
java -Xmx2g -cp "$BENCH_CP" io.overdrive.bench.replay.ReplayQualityBenchmark --data "$data" \
  --api-jar "$WORK/overdrive-api.jar" --trainer-jar "$WORK/overdrive-training.jar" --work "$WORK" "$@"
