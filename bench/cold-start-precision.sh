#!/usr/bin/env bash
# Precision@k of new users' first feeds on their hidden true interests vs a popularity-ordered feed
# of the same candidates (protocol: ColdStartEvaluation, docs/ranking.md). Prints one JSON line.
#
#   bench/cold-start-precision.sh [--users 2000] [--items 20000] [--candidates 500] [--k 20] [--seed 42]
source "$(dirname "$0")/lib.sh"
build
nice -n 10 java -cp "$BENCH_CP" io.overdrive.bench.ranking.ColdStartPrecisionBenchmark "$@"
