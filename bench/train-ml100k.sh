#!/usr/bin/env bash
# Model quality and training time on MovieLens-100K in SASRec's format (docs/benchmarks.md).
# Usage: bench/train-ml100k.sh PATH/TO/ml-100k.sasrec.txt [OUTPUT_DIR] [MAX_MINUTES]
# Prints the metrics.json of the run (one JSON document).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1; out=${2:-target/ml100k-models}; minutes=${3:-25}
jar=overdrive-training/target/overdrive-training.jar
[ -f "$jar" ] || ./mvnw -q -o -pl overdrive-training -am package -DskipTests
nice -n 10 java -Dai.djl.offline=true -jar "$jar" --data-dir "$data" --data-format sasrec \
  --output-dir "$out" --max-minutes "$minutes" >&2
tr -d '\n ' < "$out/metrics.json"; echo
