#!/usr/bin/env bash
# Model quality and training time on a data set: MovieLens (a directory) or SASRec's text file
# (docs/benchmarks.md, "Model quality and training time" and "Settings chosen per data set").
# Usage: bench/train-ml100k.sh DATA [OUTPUT_DIR] [MODEL=all] [MAX_MINUTES=30] [trainer options...]
#   DATA: ml-100k/ (MovieLens layout) or ml-100k.sasrec.txt (or any SASRec-format file, e.g. one
#   written by bench/synthetic-sequences.py); trainer options e.g. --search off, --dropout 0.5
# Prints the run's metrics.json on one line (PopRec, EASE and each model under both protocols).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1; out=${2:-target/ml100k-models}; model=${3:-all}; minutes=${4:-30}
shift $(( $# < 4 ? $# : 4 ))
format=sasrec; [ -d "$data" ] && format=movielens
jar=overdrive-training/target/overdrive-training.jar
[ -f "$jar" ] || ./mvnw -q -pl overdrive-training -am package -DskipTests
# a copy, so rebuilding the module during a long run cannot pull classes from under it
copy=$(mktemp --suffix=.jar); trap 'rm -f "$copy"' EXIT; cp "$jar" "$copy"
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Dai.djl.offline=true -jar "$copy" --data-dir "$data" \
  --data-format "$format" --output-dir "$out" --model "$model" --max-minutes "$minutes" "$@" >&2
tr -d '\n ' < "$out/metrics.json"; echo
