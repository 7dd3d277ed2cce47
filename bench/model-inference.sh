#!/usr/bin/env bash
# Latency of the pure-Java learned scorers (two-tower + sequence) on an exported model directory.
# Usage: bench/model-inference.sh MODEL_DIR [candidates=500] [requests=2000]
# Prints one JSON line (median and p99 per request, microseconds).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=overdrive-training/target/overdrive-training.jar
[ -f "$jar" ] || ./mvnw -q -o -pl overdrive-training -am package -DskipTests
exec java -Dloader.main=io.overdrive.training.bench.InferenceBenchmark \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
