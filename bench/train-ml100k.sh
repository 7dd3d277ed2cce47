#!/usr/bin/env bash
# Model quality and training time on a data set (docs/benchmarks.md, "Model quality and training
# time" and "Settings chosen per data set"): trains under nice -n 10 and prints the run's
# metrics.json on one line (PopRec, EASE and each model under both protocols).
#
#   bench/train-ml100k.sh DATA [OUTPUT_DIR=target/ml100k-models] [MODEL=all] [MAX_MINUTES=30]
#                         [trainer options...]
#
# DATA is MovieLens-100K in SASRec's format (a `user item` text file, each user's items in time
# order: --data-format sasrec; the figures in docs/benchmarks.md), any other file in that format
# (e.g. one written by bench/synthetic-sequences.py), or the unzipped ml-100k/ directory from
# grouplens.org (--data-format movielens: the same interactions, a user's same-second ratings in
# another order, so other figures). MovieLens is for research use only and is not in the
# repository. Trainer options follow, e.g. `--search off` or `--dropout 0.5` (docs/training.md).
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/train-ml100k.sh DATA [OUTPUT_DIR] [MODEL] [MAX_MINUTES] [options]" >&2; exit 2; }
data="$(cd "$CALLER_PWD" && realpath "$1")"
out="$(cd "$CALLER_PWD" && realpath -m "${2:-$ROOT/target/ml100k-models}")"
model=${3:-all}; minutes=${4:-30}
shift $(( $# < 4 ? $# : 4 ))
format=sasrec; [ -d "$data" ] && format=movielens
echo "bench: building overdrive-training (tests skipped)" >&2
./mvnw -B -q -pl overdrive-training -am package -DskipTests >&2
# a copy, so rebuilding the module during a long run cannot pull classes from under it
cp overdrive-training/target/overdrive-training.jar "$WORK/trainer.jar"
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Dai.djl.offline=true -jar "$WORK/trainer.jar" --data-dir "$data" \
  --data-format "$format" --output-dir "$out" --model "$model" --max-minutes "$minutes" "$@" >&2
tr -d '\n ' < "$out/metrics.json"; echo
