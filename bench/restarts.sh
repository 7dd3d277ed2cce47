#!/usr/bin/env bash
# Restarts under load: the distributed stack as real processes (as bench/soak.sh starts it) with
# For You, events and items flowing; the serving node is killed (SIGKILL) and started again, then,
# when --broker-stop/--broker-start are given, the Kafka broker is stopped and started again.
# Prints one JSON line per phase (statuses, p50/p99, For You's candidate source: retrieval or
# fallback) and a verdict: no 5xx or failed call around the serving node's restart, no For You
# 5xx around the broker's (events and items may answer 503), every acknowledged like counted once
# in Redis. Exit status 1 when the verdict is "fail".
#
#   bench/restarts.sh [--phase-seconds 30] [--server valkey|redis-server|PATH]
#                     [--bootstrap HOST:PORT --broker-stop 'CMD' --broker-start 'CMD']
#                     [load options of bench/soak.sh]
#
# The broker's restart needs a broker you run (its address and the shell commands that stop and
# start it, e.g. those of a local Kafka installation); without them only the node restarts.
source "$(dirname "$0")/lib.sh"
stack_bench restarts RestartsBenchmark "$@"
