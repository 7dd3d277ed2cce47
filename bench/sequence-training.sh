#!/usr/bin/env bash
# Cost of the sequence model's training per epoch (wall and CPU seconds, forward/backward/update
# shares) and of one validation, on a data file (docs/benchmarks.md).
# Usage: bench/sequence-training.sh DATA [sasrec|movielens|archive] [--steps N] [--batch B]
#        [--max-length L] [--dim D] [--threads T]
# An ML-1M-shaped file: bench/synthetic-sequences.py /tmp/synth-ml1m.txt
set -euo pipefail
cd "$(dirname "$0")/.."
jar=overdrive-training/target/overdrive-training.jar
[ -f "$jar" ] || ./mvnw -q -pl overdrive-training -am package -DskipTests
copy=$(mktemp --suffix=.jar); trap 'rm -f "$copy"' EXIT; cp "$jar" "$copy"
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Dloader.main=io.overdrive.training.bench.SequenceTrainingBenchmark \
  -cp "$copy" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
