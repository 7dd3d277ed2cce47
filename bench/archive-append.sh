#!/usr/bin/env bash
# The consumer's per-event archive cost, single-threaded: EventJson.toJson and the append's
# serialise + gzip, each against the previous Jackson-generator implementation (alternating).
# Prints one JSON line (ns/event).
#
#   bench/archive-append.sh [--events 200000] [--rounds 5] [--batch 500]
source "$(dirname "$0")/lib.sh"
build
java -cp "$BENCH_CP" io.overdrive.events.ArchiveAppendBenchmark "$@"
