#!/usr/bin/env bash
# The consumer's hot path without Kafka, in one JVM against a throw-away Valkey/Redis server:
# protobuf decode, feature deltas (common code) and the Redis apply, microseconds per event for
# each. Prints one JSON line.
#
#   bench/consumer-apply.sh [--batches 40] [--batch 5000] [--per-script 256] [--users 100000]
#                           [--server valkey|redis-server|PATH]
#
# The first quarter of the batches is warm-up. Fewer users means longer histories per user.
source "$(dirname "$0")/lib.sh"
split_args "$@"
build
start_redis
java -Xmx1g -XX:+UseParallelGC -cp "$BENCH_CP" io.overdrive.bench.stream.ConsumerApplyBenchmark \
  --redis "$REDIS_URL" --server "$SERVER_NAME" --redis-pid "$REDIS_PID" "${ARGS[@]}"
