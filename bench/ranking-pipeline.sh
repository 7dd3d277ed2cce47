#!/usr/bin/env bash
# The For You pipeline's own latency, in process, single-threaded, in-memory store (no HTTP, no
# Redis): p50/p99 for 100 and 500 candidates given as bare ids or fully described, plus the median
# per stage. Prints one JSON line.
#
#   bench/ranking-pipeline.sh [--requests 4000] [--warmup 3000]
source "$(dirname "$0")/lib.sh"
build
nice -n 10 java -Xms512m -Xmx2g -cp "$BENCH_CP" io.overdrive.bench.ranking.RankingPipelineBenchmark "$@"
