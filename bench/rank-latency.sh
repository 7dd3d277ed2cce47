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
#   bench/rank-latency.sh --store redis  --candidates 500 --shapes ids,described,grpc-ids,grpc-described
#   bench/rank-latency.sh --store redis  --candidates 500 --clients socket,jdk,wrk  # three load generators
#   options: --shapes ids,described --callers 1,4 --server redis-server|valkey|PATH (--store redis)
#            --warmup-max-seconds S (default: the warm-up + 30; the warm-up goes on in 5 s steps
#            while the JIT's compiler threads still use over 2% of a CPU, up to S in all)
#            --clients socket|jdk|wrk[,...] (REST phases; default socket)
#            --grpc-channels N (grpc-* phases: the callers share N channels, each one HTTP/2
#            connection; default 1, as a timeline service holds one channel to a node)
#            --grpc-transport nio|epoll (the load generator's gRPC client; default nio)
#            --grpc-clients grpc|grpc-event-loop[,...] (grpc-* phases: blocking stubs on caller threads,
#            default; or callers chained on the channel's event loop, without a thread hand-off)
#
# REST clients: "socket" (default), one blocking keep-alive socket per caller with pre-encoded
# requests; "jdk", the JDK's HttpClient (the yardstick of the figures before 2026-12-07 09:30); "wrk",
# wrk (optional: apt-get install wrk) through bench/rank-latency.lua. Each REST phase also prints the
# API's own p50/p90/p99 (server_p*_ms) from its request timer, with 0.25 ms buckets added up to 12 ms;
# each gRPC phase the serving node's, from its ForYou call timer with the same buckets.
#
# The grpc-* shapes send the same requests to the serving node's RankingService.ForYou (the timeline
# service's call): with them (--store redis) the script also starts overdrive-serving.jar on the same
# Redis, with the serving image's JVM settings, and reports its CPU, allocation and GC pauses for those phases.
# $OVERDRIVE_API_JAR / $OVERDRIVE_SERVING_JAR run given jars instead of building (comparing versions).
#
# The API runs with the JVM settings bin/start ships ($OVERDRIVE_JVM_GC, $OVERDRIVE_JVM_HEAP; plus
# $JAVA_OPTS, e.g. a JFR recording) on $API_JAVA (default: java on PATH), the serving node on
# $SERVING_JAVA (default: $API_JAVA), with compact object headers where that java has them (as the
# serving image). The images ship the API and the serving node on Java 25 (decision 0505):
# API_JAVA=path/to/java25 measures what they run.
# Needs Java 17+ (and redis-server for --store redis). Everything it starts is stopped on exit.
source "$(dirname "$0")/lib.sh"

store=memory candidates=100 seconds=20 warmup=30 warmup_max="" shapes=ids,described callers=1,4 clients=socket
env_cache="OVERDRIVE_ITEM_CACHE_TTL=1s" label_cache="" SERVER=redis-server grpc_client=()
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --candidates) candidates=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --warmup-max-seconds) warmup_max=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --callers) callers=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --grpc-channels) grpc_client+=(--grpc-channels "$2"); shift 2 ;;
    --grpc-transport) grpc_client+=(--grpc-transport "$2"); shift 2 ;;
    --grpc-clients) grpc_client+=(--grpc-clients "$2"); shift 2 ;;
    --item-cache-ttl) env_cache="OVERDRIVE_ITEM_CACHE_TTL=$2"; label_cache=" item-cache-ttl=$2"; shift 2 ;;
    --server) SERVER=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in memory|redis) ;; *) echo "--store memory|redis" >&2; exit 2 ;; esac
grpc=""
[[ ",$shapes," == *,grpc-* ]] && grpc=1
if [ -n "$grpc" ] && [ "$store" != redis ]; then
  echo "the grpc-* shapes need --store redis (the serving node reads the API's store)" >&2; exit 2
fi

build overdrive-api,overdrive-serving
# the jars run from copies: a rebuild during the run cannot change them
cp "${OVERDRIVE_API_JAR:-overdrive-api/target/overdrive-api.jar}" "$WORK/jars/overdrive-api.jar"
cp "${OVERDRIVE_SERVING_JAR:-overdrive-serving/target/overdrive-serving.jar}" "$WORK/jars/overdrive-serving.jar"
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
# the request timer's buckets every 0.25 ms up to 12 ms (besides its default ones), so the API's own
# percentiles are read to a quarter of a millisecond (ServerTimings)
slo=$(python3 -c 'print(",".join(f"{250 * i}us" for i in range(2, 49)))')
timer="-Dmanagement.metrics.distribution.slo.http.server.requests=$slo"
env "${env_args[@]}" "$env_cache" OVERDRIVE_SERVICE_PORT="$api_port" OVERDRIVE_RATE_LIMIT_ENABLED=false \
  JAVA_OPTS="$jmx $timer ${JAVA_OPTS:-}" \
  OVERDRIVE_DEMO_DATA=true JAVA="${API_JAVA:-java}" OVERDRIVE_API_JAR="$WORK/jars/overdrive-api.jar" \
  bin/start >"$WORK/api.log" 2>&1 &
PIDS+=($!)

await_log() { # LOG PATTERN WHAT: waits (10 min at most) for the last started process to log PATTERN
  for _ in $(seq 1 1200); do
    grep -qs "$2" "$1" && return
    if ! kill -0 "${PIDS[-1]}" 2>/dev/null; then cat "$1" >&2; exit 1; fi
    sleep 0.5
  done
  echo "$3" >&2; tail -50 "$1" >&2; exit 1
}
# ready once the demo world is in the store (DemoData logs after loading it)
await_log "$WORK/api.log" "Demo data:" "API did not load the demo data"

grpc_args=()
if [ -n "$grpc" ]; then # the serving node on the same Redis, started as its image starts it
  grpc_port=$(free_port) grpc_jmx=$(free_port) grpc_http=$(free_port)
  sjmx="${jmx//$jmx_port/$grpc_jmx}"
  # the node's call timer gets the same 0.25 ms buckets, for its own percentiles of ForYou
  stimer="-Dmanagement.metrics.distribution.slo.overdrive.serving.call=$slo"
  # compact object headers as the serving image passes them (OVERDRIVE_JVM_COMPACT_HEADERS=auto:
  # only where the node's java accepts the flag, Java 25+)
  slayout="" sjava="${SERVING_JAVA:-${API_JAVA:-java}}"
  # the serving image's collector (Dockerfile): the parallel one without its footprint goal, as the
  # API's (decision 0505, twelfth round); $OVERDRIVE_JVM_GC names another for both JVMs
  sgc=${OVERDRIVE_JVM_GC-"-XX:+UseParallelGC -XX:-UseAdaptiveSizePolicyFootprintGoal"}
  if [ "${OVERDRIVE_JVM_COMPACT_HEADERS:-auto}" = auto ] && "$sjava" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
    slayout="-XX:+UseCompactObjectHeaders"
  fi
  # shellcheck disable=SC2086 # the option lists split into words
  env OVERDRIVE_REDIS_URL="$REDIS_URL" OVERDRIVE_GRPC_PORT="$grpc_port" "$env_cache" \
    OVERDRIVE_HTTP_PORT="$grpc_http" OVERDRIVE_INDEX_BACKEND=exact \
    "$sjava" $sgc ${OVERDRIVE_JVM_HEAP-} $slayout -XX:+ExitOnOutOfMemoryError \
    $sjmx $stimer ${JAVA_OPTS:-} -jar "$WORK/jars/overdrive-serving.jar" >"$WORK/serving.log" 2>&1 &
  PIDS+=($!)
  await_log "$WORK/serving.log" "gRPC listening" "serving node did not start"
  grpc_args=(--grpc "127.0.0.1:$grpc_port" --grpc-jmx-port "$grpc_jmx"
    --grpc-metrics-url "http://127.0.0.1:$grpc_http/metrics" "${grpc_client[@]}")
  cpu_names+="api,serving"
else
  cpu_names+="api"
fi

# CPU per request of the API, the serving node (grpc-* shapes) and the Redis server, per phase
cpu_pids=$(IFS=,; echo "${PIDS[*]}")
java -cp "$BENCH_CP" io.overdrive.bench.ranking.RankLatencyBenchmark --url "http://127.0.0.1:$api_port" \
  --candidates "$candidates" --seconds "$seconds" --warmup-seconds "$warmup" \
  --warmup-max-seconds "${warmup_max:-$((warmup + 30))}" \
  --shapes "$shapes" --callers "$callers" --clients "$clients" --wrk-script "$ROOT/bench/rank-latency.lua" \
  --label "$store$label_cache" \
  --cpu-pids "$cpu_pids" --cpu-names "$cpu_names" --jmx-port "$jmx_port" "${grpc_args[@]}"
