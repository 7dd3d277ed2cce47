#!/usr/bin/env bash
# Ranking latency of POST /rank/for-you: starts the API (standalone, or on a redis-server this
# script starts on a free port), loads the synthetic demo world into its store, then runs the load
# generator bench/RankLoad.java in a separate JVM. Prints one JSON line.
#
#   bench/rank-latency.sh --store memory --candidates 100
#   bench/rank-latency.sh --store redis  --candidates 500 [--seconds 30] [--concurrency 4]
#   bench/rank-latency.sh --store redis  --candidates 500 --item-cache-ttl 0   # every item from Redis
#
# Needs Java 17+ (and redis-server for --store redis). Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

store=memory candidates=100 seconds=30 throughput_seconds=20 warmup=90 concurrency=4
env_cache="OVERDRIVE_ITEM_CACHE_TTL=1s" label_cache=""
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --candidates) candidates=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --throughput-seconds) throughput_seconds=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --item-cache-ttl) env_cache="OVERDRIVE_ITEM_CACHE_TTL=$2"; label_cache=" item-cache-ttl=$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in memory|redis) ;; *) echo "--store memory|redis" >&2; exit 2 ;; esac

jar=overdrive-api/target/overdrive-api.jar
if [ ! -f "$jar" ] || [ -n "$(find overdrive-api/src overdrive-common/src proto/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  ./mvnw -B -q -pl overdrive-api -am package -DskipTests >&2
fi

free_port() {
  local p
  while :; do
    p=$(( (RANDOM << 15 | RANDOM) % 30000 + 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

env_args=()
if [ "$store" = redis ]; then
  command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work" >"$work/redis.log" 2>&1 &
  pids+=($!)
  env_args+=("OVERDRIVE_REDIS_URL=redis://127.0.0.1:$redis_port")
fi

api_port=$(free_port)
env "${env_args[@]}" "$env_cache" OVERDRIVE_SERVICE_PORT="$api_port" OVERDRIVE_RATE_LIMIT_ENABLED=false \
  java ${JAVA_OPTS:-} -jar "$jar" --overdrive.demo-data=true >"$work/api.log" 2>&1 &
pids+=($!)

# ready once the demo world is in the store (DemoData logs after loading it)
for _ in $(seq 1 600); do
  grep -q "Demo data:" "$work/api.log" && break
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat "$work/api.log" >&2; exit 1; fi
  sleep 0.5
done
grep -q "Demo data:" "$work/api.log" || { echo "API did not load the demo data" >&2; tail -50 "$work/api.log" >&2; exit 1; }

# CPU per request of the API (and of redis-server), measured over the latency phase
cpu_pids=$(IFS=,; echo "${pids[*]}")
java bench/RankLoad.java --url "http://127.0.0.1:$api_port" --candidates "$candidates" \
  --seconds "$seconds" --throughput-seconds "$throughput_seconds" \
  --warmup-seconds "$warmup" --concurrency "$concurrency" --label "$store$label_cache" \
  --cpu-pids "$cpu_pids"
