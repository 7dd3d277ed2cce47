#!/usr/bin/env bash
# Ranking latency of POST /rank/for-you: starts overdrive-api.jar (standalone, or on a Redis-protocol
# server this script starts on a free port), loads the synthetic demo world into its store, then
# drives it from the load generator (RankLatencyBenchmark) in a separate JVM. Prints one JSON line.
#
#   bench/rank-latency.sh --store memory --candidates 100
#   bench/rank-latency.sh --store redis  --candidates 500 [--seconds 30] [--concurrency 4]
#   bench/rank-latency.sh --store redis  --candidates 500 --item-cache-ttl 0   # every item from Redis
#   options: --warmup-seconds 90 --throughput-seconds 20 --server redis-server|valkey|PATH (--store redis)
#
# Needs Java 17+ (and redis-server for --store redis). Everything it starts is stopped on exit.
source "$(dirname "$0")/lib.sh"

store=memory candidates=100 seconds=30 throughput_seconds=20 warmup=90 concurrency=4
env_cache="OVERDRIVE_ITEM_CACHE_TTL=1s" label_cache="" SERVER=redis-server
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --candidates) candidates=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --throughput-seconds) throughput_seconds=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --item-cache-ttl) env_cache="OVERDRIVE_ITEM_CACHE_TTL=$2"; label_cache=" item-cache-ttl=$2"; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in memory|redis) ;; *) echo "--store memory|redis" >&2; exit 2 ;; esac

build overdrive-api
env_args=()
if [ "$store" = redis ]; then
  start_redis
  env_args+=("OVERDRIVE_REDIS_URL=$REDIS_URL")
fi

api_port=$(free_port)
env "${env_args[@]}" "$env_cache" OVERDRIVE_SERVICE_PORT="$api_port" OVERDRIVE_RATE_LIMIT_ENABLED=false \
  java ${JAVA_OPTS:-} -jar overdrive-api/target/overdrive-api.jar --overdrive.demo-data=true >"$WORK/api.log" 2>&1 &
PIDS+=($!)

# ready once the demo world is in the store (DemoData logs after loading it)
for _ in $(seq 1 600); do
  grep -q "Demo data:" "$WORK/api.log" && break
  if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then cat "$WORK/api.log" >&2; exit 1; fi
  sleep 0.5
done
grep -q "Demo data:" "$WORK/api.log" || { echo "API did not load the demo data" >&2; tail -50 "$WORK/api.log" >&2; exit 1; }

# CPU per request of the API (and of the Redis server), measured over the latency phase
cpu_pids=$(IFS=,; echo "${PIDS[*]}")
java -cp "$BENCH_CP" io.overdrive.bench.ranking.RankLatencyBenchmark --url "http://127.0.0.1:$api_port" \
  --candidates "$candidates" --seconds "$seconds" --throughput-seconds "$throughput_seconds" \
  --warmup-seconds "$warmup" --concurrency "$concurrency" --label "$store$label_cache" \
  --cpu-pids "$cpu_pids"
