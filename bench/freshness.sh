#!/usr/bin/env bash
# Freshness of the learning loop: POST /events on overdrive-api.jar (Kafka mode) -> a real broker
# in a separate process -> overdrive-consumer.jar -> Valkey/Redis -> the next POST /rank/for-you
# differs. Per trial: a new user, one like; prints p50/p90/p99 milliseconds as one JSON line.
#
#   bench/freshness.sh [--bootstrap HOST:PORT] [--trials N] [--poll-ms M]
#                      [--server valkey|redis-server|PATH]   (default valkey, as deployed)
#
# Without --bootstrap a broker is started for the run; with it, any broker works (a single-node
# Kafka you run yourself: its bootstrap address).
source "$(dirname "$0")/lib.sh"
split_args "$@"
build overdrive-consumer,overdrive-api
start_redis
start_broker "$BOOT"
java -Xmx512m -cp "$BENCH_CP" io.overdrive.bench.stream.FreshnessBenchmark \
  --bootstrap "$BOOTSTRAP" --redis "$REDIS_URL" --server "$SERVER_NAME" --work "$WORK" \
  --api-jar "$ROOT/overdrive-api/target/overdrive-api.jar" \
  --consumer-jar "$ROOT/overdrive-consumer/target/overdrive-consumer.jar" "${ARGS[@]}"
