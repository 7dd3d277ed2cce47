#!/usr/bin/env bash
# Model quality and training time on MovieLens-100K in SASRec's format (docs/benchmarks.md).
# Usage: bench/train-ml100k.sh PATH/TO/ml-100k.sasrec.txt [OUTPUT_DIR] [MODEL=all] [MAX_MINUTES=30]
# Trains under nice -n 10 and prints the run's metrics.json on one line.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1; out=${2:-target/ml100k-models}; model=${3:-all}; minutes=${4:-30}
jar=overdrive-training/target/overdrive-training.jar
[ -f "$jar" ] || ./mvnw -q -o -pl overdrive-training -am package -DskipTests
# a copy, so rebuilding the module during a long run cannot pull classes from under it
copy=$(mktemp --suffix=.jar); trap 'rm -f "$copy"' EXIT; cp "$jar" "$copy"
nice -n 10 java -Dai.djl.offline=true -jar "$copy" --data-dir "$data" --data-format sasrec \
  --output-dir "$out" --model "$model" --max-minutes "$minutes" >&2
tr -d '\n ' < "$out/metrics.json"; echo
