#!/usr/bin/env bash
# Ranking latency of POST /rank/for-you: starts overdrive-api.jar (standalone, or on a Redis-protocol
# server this script starts on a free port), loads the synthetic demo world into its store, then
# drives it from the load generator (RankLatencyBenchmark) in a separate JVM: both request shapes
# (candidates by id; candidates described with every field, ~120 KB for 500), 1 and 4 callers each.
# Prints one JSON line: latencies, CPU per request of the API and Redis, the API's allocation per
# request and GC pauses, the load average.
#
#   bench/rank-latency.sh --store redis  --candidates 500 [--seconds 20] [--warmup-seconds 30]
#   bench/rank-latency.sh --store memory --candidates 100 --shapes ids --callers 1
#   bench/rank-latency.sh --store redis  --candidates 500 --item-cache-ttl 0   # every item from Redis
#   options: --shapes ids,described --callers 1,4 --server redis-server|valkey|PATH (--store redis)
#
# The API runs with the JVM settings bin/start ships ($OVERDRIVE_JVM_GC, $OVERDRIVE_JVM_HEAP; plus
# $JAVA_OPTS, e.g. a JFR recording) on $API_JAVA (default: java on PATH).
# Needs Java 17+ (and redis-server for --store redis). Everything it starts is stopped on exit.
source "$(dirname "$0")/lib.sh"

store=memory candidates=100 seconds=20 warmup=30 shapes=ids,described callers=1,4
env_cache="OVERDRIVE_ITEM_CACHE_TTL=1s" label_cache="" SERVER=redis-server
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --candidates) candidates=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --callers) callers=$2; shift 2 ;;
    --item-cache-ttl) env_cache="OVERDRIVE_ITEM_CACHE_TTL=$2"; label_cache=" item-cache-ttl=$2"; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in memory|redis) ;; *) echo "--store memory|redis" >&2; exit 2 ;; esac

build overdrive-api
cp overdrive-api/target/overdrive-api.jar "$WORK/jars/" # a rebuild during the run cannot change it
env_args=()
cpu_names=""
if [ "$store" = redis ]; then
  start_redis
  env_args+=("OVERDRIVE_REDIS_URL=$REDIS_URL")
  cpu_names="redis,"
fi

api_port=$(free_port) jmx_port=$(free_port)
# a JMX port on loopback only, for the load generator to read the API's allocation and GC pauses
jmx="-Dcom.sun.management.jmxremote.port=$jmx_port -Dcom.sun.management.jmxremote.rmi.port=$jmx_port"
jmx+=" -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1"
jmx+=" -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"
env "${env_args[@]}" "$env_cache" OVERDRIVE_SERVICE_PORT="$api_port" OVERDRIVE_RATE_LIMIT_ENABLED=false \
  JAVA_OPTS="$jmx ${JAVA_OPTS:-}" \
  OVERDRIVE_DEMO_DATA=true JAVA="${API_JAVA:-java}" OVERDRIVE_API_JAR="$WORK/jars/overdrive-api.jar" \
  bin/start >"$WORK/api.log" 2>&1 &
PIDS+=($!)

# ready once the demo world is in the store (DemoData logs after loading it)
for _ in $(seq 1 1200); do
  grep -q "Demo data:" "$WORK/api.log" && break
  if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then cat "$WORK/api.log" >&2; exit 1; fi
  sleep 0.5
done
grep -q "Demo data:" "$WORK/api.log" || { echo "API did not load the demo data" >&2; tail -50 "$WORK/api.log" >&2; exit 1; }

# CPU per request of the API (and of the Redis server), measured over each phase
cpu_pids=$(IFS=,; echo "${PIDS[*]}")
java -cp "$BENCH_CP" io.overdrive.bench.ranking.RankLatencyBenchmark --url "http://127.0.0.1:$api_port" \
  --candidates "$candidates" --seconds "$seconds" --warmup-seconds "$warmup" \
  --shapes "$shapes" --callers "$callers" --label "$store$label_cache" \
  --cpu-pids "$cpu_pids" --cpu-names "${cpu_names}api" --jmx-port "$jmx_port"
