#!/usr/bin/env bash
# Consumer throughput in events/s: a topic pre-filled with N protobuf interactions is drained by
# overdrive-consumer.jar (its own process) into a real Valkey/Redis server, with a Kafka broker in a
# separate process; "done" = the group's committed offsets reach the end (committed only after
# the Redis writes and the archive append). Prints one JSON line.
#
#   bench/consumer-throughput.sh [--bootstrap HOST:PORT] [--events N] [--partitions P]
#                                [--concurrency C] [--max-poll M] [--archive on|off]
#                                [--rankings-every R]   (one served ranking per R events, on its own topic)
#                                [--server valkey|redis-server|PATH]
#
# The server is Valkey 8.1.1 by default, as deployed (built once by bench/valkey.sh).
# Without --bootstrap a broker is started for the run; with it, any broker works (a single-node
# Kafka you run yourself: its bootstrap address).
source "$(dirname "$0")/lib.sh"
split_args "$@"
build overdrive-consumer
start_redis
start_broker "$BOOT"
java -Xmx1g -cp "$BENCH_CP" io.overdrive.bench.stream.ConsumerThroughputBenchmark \
  --bootstrap "$BOOTSTRAP" --redis "$REDIS_URL" --server "$SERVER_NAME" --work "$WORK" --redis-pid "$REDIS_PID" --broker-pid "$BROKER_PID" \
  --consumer-jar "$ROOT/overdrive-consumer/target/overdrive-consumer.jar" "${ARGS[@]}"
