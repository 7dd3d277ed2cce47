#!/usr/bin/env bash
# The consumer's per-event archive cost, single-threaded: EventJson.toJson and the append's
# serialise + gzip, each against the previous Jackson-generator implementation (alternating).
# Usage: bench/archive-append.sh [--events N] [--rounds R]    Prints one JSON line (ns/event).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -pl overdrive-common -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test >&2
exec java -cp "overdrive-common/target/test-classes:overdrive-common/target/classes:$(cat overdrive-common/target/cp.txt)" \
  io.overdrive.events.ArchiveAppendBench "$@"
