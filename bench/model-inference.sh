#!/usr/bin/env bash
# Latency of the pure-Java learned scorers (two-tower + sequence) on an exported model directory
# (the trainer's --output-dir, e.g. from bench/train-ml100k.sh). Prints one JSON line (median and
# p99 per request, microseconds).
#
#   bench/model-inference.sh MODEL_DIR [candidates=500] [requests=2000]
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/model-inference.sh MODEL_DIR [candidates] [requests]" >&2; exit 2; }
model_dir="$(cd "$CALLER_PWD" && realpath "$1")"; shift
build
java -cp "$BENCH_CP" io.overdrive.bench.model.ModelInferenceBenchmark "$model_dir" "$@"
