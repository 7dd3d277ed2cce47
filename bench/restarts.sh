#!/usr/bin/env bash
# Restarts under load: the distributed stack as real processes (as bench/soak.sh starts it) with
# For You, events and items flowing; the serving node is killed (SIGKILL) and started again, then,
# when --broker-stop/--broker-start are given, the Kafka broker is stopped and started again.
# Prints one JSON line per phase (statuses, p50/p99, For You's candidate source: retrieval or
# fallback) and a verdict: no 5xx or failed call around the serving node's restart, no For You
# 5xx around the broker's (events and items may answer 503), every acknowledged like counted once
# in Redis. Exit status 1 when the verdict is "fail".
#
#   bench/restarts.sh [--phase-seconds 30] [--server valkey|redis-server|PATH]
#                     [--bootstrap HOST:PORT --broker-stop 'CMD' --broker-start 'CMD']
#                     [load options of bench/soak.sh]
#
# The broker's restart needs a broker you run (its address and the shell commands that stop and
# start it, e.g. those of a local Kafka installation); without them only the node restarts.
source "$(dirname "$0")/lib.sh"
split_args "$@"
build overdrive-consumer,overdrive-api,overdrive-serving
for jar in overdrive-api overdrive-consumer overdrive-serving; do
  cp "$jar/target/$jar.jar" "$WORK/jars/" # a rebuild during the run cannot change it
done
start_redis
start_broker "$BOOT"
out="$WORK/restarts.jsonl"
set +e
java -Xmx768m -cp "$BENCH_CP" io.overdrive.bench.soak.RestartsBenchmark \
  --bootstrap "$BOOTSTRAP" --redis "$REDIS_URL" --work "$WORK" \
  --api-jar "$WORK/jars/overdrive-api.jar" \
  --consumer-jar "$WORK/jars/overdrive-consumer.jar" \
  --serving-jar "$WORK/jars/overdrive-serving.jar" "${ARGS[@]}" | tee "$out"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || exit "$rc"
tail -1 "$out" | grep -q '"verdict":"pass"' || { echo "restarts: verdict fail; logs in $WORK" >&2; exit 1; }
