#!/usr/bin/env bash
# The served-ranking log's cost on the For You hot path: p50/p99 of the in-process For You call
# (100 candidates, limit 20) with the log off, standalone (queue + background writer) and Kafka
# (non-blocking send to a broker started for the run, or --bootstrap HOST:PORT), alternating blocks.
# Prints one JSON line.
#
#   bench/ranking-log.sh [--bootstrap HOST:PORT] [--rounds 8] [--block 1000] [--warmup 3000]
source "$(dirname "$0")/lib.sh"
split_args "$@"
build
start_broker "$BOOT"
nice -n 10 java -Xms512m -Xmx2g -cp "$BENCH_CP" io.overdrive.bench.outcomes.RankingLogBenchmark \
  --bootstrap "$BOOTSTRAP" "${ARGS[@]}"
