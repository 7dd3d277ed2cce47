#!/usr/bin/env bash
# Freshness of the catalogue: POST /items -> the item in the For You answer (no candidates sent) of
# a user whose signup interests match it, in both modes: the standalone API (in-process), and
# overdrive-api.jar (Kafka mode) -> a real broker in a separate process -> overdrive-consumer.jar
# -> Valkey/Redis (item record, fresh pool) -> the API's fresh-item feed. Per trial: a new user,
# one new item; prints p50/p90/p99 milliseconds per mode as one JSON line.
#
#   bench/item-freshness.sh [--bootstrap HOST:PORT] [--trials N] [--poll-ms M]
#                           [--modes standalone,distributed]
#                           [--server valkey|redis-server|PATH]   (default valkey, as deployed)
#
# Without --bootstrap a broker is started for the run; with it, any broker works.
source "$(dirname "$0")/lib.sh"
split_args "$@"
build overdrive-consumer,overdrive-api
start_redis
start_broker "$BOOT"
java -Xmx512m -cp "$BENCH_CP" io.overdrive.bench.stream.ItemFreshnessBenchmark \
  --bootstrap "$BOOTSTRAP" --redis "$REDIS_URL" --server "$SERVER_NAME" --work "$WORK" \
  --api-jar "$ROOT/overdrive-api/target/overdrive-api.jar" \
  --consumer-jar "$ROOT/overdrive-consumer/target/overdrive-consumer.jar" "${ARGS[@]}"
