# Shared by the stream benchmarks (sourced): builds the jars and the bench classpath, starts a
# throw-away redis-server and, unless a bootstrap address is given, a Kafka broker in a process
# of its own. Everything started here is stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PIDS=()
WORK="$(mktemp -d /tmp/overdrive-bench.XXXXXX)"
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

build() { # modules whose jars are needed, e.g. "overdrive-consumer,overdrive-api"
  echo "bench: building $1 (tests skipped)" >&2
  ./mvnw -q -o -pl "$1" -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
  BENCH_CP="$ROOT/overdrive-consumer/target/test-classes:$(cat overdrive-consumer/target/bench-classpath.txt)"
}

start_redis() {
  local port; port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    --loglevel warning >"$WORK/redis.log" 2>&1 &
  PIDS+=($!); REDIS_PID=$!
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  REDIS_URL="redis://127.0.0.1:$port"
  echo "bench: redis-server at $REDIS_URL" >&2
}

start_broker() { # sets BOOTSTRAP; uses $1 when given (e.g. the address kafka-local printed)
  BROKER_PID=0
  if [ -n "${1:-}" ]; then BOOTSTRAP="$1"; echo "bench: using broker $BOOTSTRAP" >&2; return; fi
  java -Xmx1g -cp "$BENCH_CP" io.overdrive.consumer.bench.BenchBroker >"$WORK/broker.log" 2>&1 &
  PIDS+=($!); BROKER_PID=$!
  for _ in $(seq 120); do
    BOOTSTRAP=$(grep -m1 '^BOOTSTRAP ' "$WORK/broker.log" | cut -d' ' -f2 || true)
    [ -n "$BOOTSTRAP" ] && break
    sleep 0.5
  done
  [ -n "$BOOTSTRAP" ] || { echo "bench: broker did not start; see $WORK/broker.log" >&2; exit 1; }
  echo "bench: Kafka broker (own process) at $BOOTSTRAP" >&2
}

split_args() { # sets BOOT (from --bootstrap HOST:PORT) and ARGS (every other option, for the bench)
  BOOT=""; ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --bootstrap) BOOT="$2"; shift 2;;
      *) ARGS+=("$1" "$2"); shift 2;;
    esac
  done
}
