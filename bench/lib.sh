# Shared by the bench/ commands (sourced). Builds overdrive-bench (the benchmarks' module) and the
# modules it needs, and sets BENCH_CP; for the stream benchmarks it starts a throw-away
# Redis-protocol server and, unless a bootstrap address is given, a Kafka broker in a process of
# its own. Everything started here is stopped on exit; its files (in $WORK, which the benches get
# as --work) are removed unless the run failed.
#
# --server picks the server: `valkey` (Valkey 8.1.1, what docker-compose.yml and k8s/ run, built
# once by bench/valkey.sh), `redis-server` (the one on PATH, e.g. Debian's Redis 7.0, which the
# tests use) or a path to a server binary. The JSON line names the server it measured.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_PWD="$PWD" # a relative --server path is the caller's
cd "$ROOT"
PIDS=()
WORK="$(mktemp -d -t overdrive-bench.XXXXXX)"
cleanup() { # a failed run keeps its logs (server, broker, app jars) for a look
  local rc=$?
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  if [ "$rc" -eq 0 ]; then rm -rf "$WORK"; else echo "bench: failed; logs in $WORK" >&2; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

build() { # builds overdrive-bench plus the modules named in $1 (e.g. "overdrive-consumer,overdrive-api"); sets BENCH_CP
  local modules="overdrive-bench${1:+,$1}"
  echo "bench: building $modules (tests skipped)" >&2
  ./mvnw -B -q -pl "$modules" -am package -DskipTests >&2
  # the project's own jars are run from copies, so a rebuild during a long run cannot change them
  mkdir -p "$WORK/jars"
  local jar entries path=""
  IFS=: read -r -a entries < overdrive-bench/target/classpath.txt || true # no newline at its end
  for jar in "$ROOT/overdrive-bench/target/overdrive-bench.jar" "${entries[@]}"; do
    if [[ "$jar" == "$ROOT"/* ]]; then
      cp "$jar" "$WORK/jars/"
      jar="$WORK/jars/$(basename "$jar")"
    fi
    path+="${path:+:}$jar"
  done
  BENCH_CP="$path"
}

start_redis() { # sets REDIS_URL, REDIS_PID and SERVER_NAME (e.g. "valkey 8.1.1")
  local port bin; port=$(free_port)
  case "$SERVER" in
    valkey) bin="$("$ROOT/bench/valkey.sh")";;
    */*) bin="$SERVER"; [[ "$bin" == /* ]] || bin="$CALLER_PWD/$bin";;
    *) bin="$SERVER";;
  esac
  command -v "$bin" >/dev/null ||
    { echo "bench: no server '$bin' (apt-get install -y redis-server, or --server valkey)" >&2; exit 1; }
  SERVER_NAME="$("$bin" --version | sed -E 's/^(Redis|Valkey) server v=([^ ]+).*/\L\1\E \2/')"
  "$bin" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    --loglevel warning >"$WORK/redis.log" 2>&1 &
  PIDS+=($!); REDIS_PID=$!
  local up="" reply
  for _ in $(seq 50); do # PING over bash's /dev/tcp: no client binary needed
    if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
      printf 'PING\r\n' >&3
      reply=""; IFS= read -r -t 1 reply <&3 || true
      exec 3>&-
      [[ "$reply" == +PONG* ]] && { up=1; break; }
    fi 2>/dev/null
    sleep 0.1
  done
  [ -n "$up" ] || { echo "bench: $SERVER_NAME did not answer on port $port:" >&2; tail -5 "$WORK/redis.log" >&2; exit 1; }
  REDIS_URL="redis://127.0.0.1:$port"
  echo "bench: $SERVER_NAME at $REDIS_URL" >&2
}

start_broker() { # sets BOOTSTRAP; uses $1 when given (e.g. the address of a broker you run)
  BROKER_PID=0
  if [ -n "${1:-}" ]; then BOOTSTRAP="$1"; echo "bench: using broker $BOOTSTRAP" >&2; return; fi
  java -Xmx1g -cp "$BENCH_CP" io.overdrive.bench.stream.StandaloneKafkaBroker >"$WORK/broker.log" 2>&1 &
  PIDS+=($!); BROKER_PID=$!
  for _ in $(seq 120); do
    BOOTSTRAP=$(grep -m1 '^BOOTSTRAP ' "$WORK/broker.log" | cut -d' ' -f2 || true)
    [ -n "$BOOTSTRAP" ] && break
    sleep 0.5
  done
  [ -n "$BOOTSTRAP" ] || { echo "bench: broker did not start; see $WORK/broker.log" >&2; exit 1; }
  echo "bench: Kafka broker (own process) at $BOOTSTRAP" >&2
}

split_args() { # sets BOOT (--bootstrap HOST:PORT), SERVER (--server, default $DEFAULT_SERVER or valkey) and ARGS (the bench's options)
  BOOT=""; SERVER="${DEFAULT_SERVER:-valkey}"; ARGS=()
  while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || { echo "bench: option $1 needs a value" >&2; exit 2; }
    case "$1" in
      --bootstrap) BOOT="$2"; shift 2;;
      --server) SERVER="$2"; shift 2;;
      *) ARGS+=("$1" "$2"); shift 2;;
    esac
  done
}

stack_bench() { # $1 = name, $2 = class of io.overdrive.bench.soak; the rest: the script's arguments.
  # Runs a benchmark on the distributed stack (API, consumer, serving node as processes, a Redis
  # and a broker) and fails when its last line's verdict is not "pass".
  local name=$1 class=$2; shift 2
  split_args "$@"
  build overdrive-consumer,overdrive-api,overdrive-serving
  local jar
  for jar in overdrive-api overdrive-consumer overdrive-serving; do
    cp "$jar/target/$jar.jar" "$WORK/jars/" # a rebuild during the run cannot change it
  done
  start_redis
  start_broker "$BOOT"
  local out="$WORK/$name.jsonl" rc
  set +e
  java -Xmx768m -cp "$BENCH_CP" "io.overdrive.bench.soak.$class" \
    --bootstrap "$BOOTSTRAP" --redis "$REDIS_URL" --work "$WORK" \
    --api-jar "$WORK/jars/overdrive-api.jar" \
    --consumer-jar "$WORK/jars/overdrive-consumer.jar" \
    --serving-jar "$WORK/jars/overdrive-serving.jar" "${ARGS[@]}" | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || exit "$rc"
  tail -1 "$out" | grep -q '"verdict":"pass"' || { echo "$name: verdict fail; logs in $WORK" >&2; exit 1; }
}
