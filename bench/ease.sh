#!/usr/bin/env bash
# What the EASE baseline costs on a data set (docs/benchmarks.md, "Model quality and training
# time"): the trainer's EASE step alone (regularisation chosen on validation, final fits, test
# evaluation) and one fit timed alone at the modelled catalogue size. Prints one JSON line.
#
#   bench/ease.sh DATA [sasrec|movielens|archive] [--max-items N] [--threads T] [--fit-only LAMBDA]
#
# --max-items is the trainer's --ease-max-items (the most popular items modelled); --fit-only LAMBDA
# times one fit (Gram matrix and inverse) with that regularisation and nothing else.
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/ease.sh DATA [format] [options]" >&2; exit 2; }
data="$(cd "$CALLER_PWD" && realpath "$1")"; shift
build
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -cp "$BENCH_CP" io.overdrive.bench.model.EaseBenchmark "$data" "$@"
