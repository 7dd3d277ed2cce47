#!/usr/bin/env bash
# Cost of the sequence model's training per epoch (wall and CPU seconds, forward/backward/update
# shares) and of one validation, on a data file (docs/benchmarks.md). Prints one JSON line.
#
#   bench/sequence-training.sh DATA [sasrec|movielens|archive] [--steps N] [--batch B]
#                              [--max-length L] [--dim D] [--threads T]
#
# An ML-1M-shaped file: bench/synthetic-sequences.py synth-ml1m.txt
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/sequence-training.sh DATA [format] [options]" >&2; exit 2; }
data="$(cd "$CALLER_PWD" && realpath "$1")"; shift
build
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -cp "$BENCH_CP" io.overdrive.bench.model.SequenceTrainingBenchmark "$data" "$@"
