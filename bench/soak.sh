#!/usr/bin/env bash
# Soak: the distributed stack as real processes (overdrive-api.jar with Kafka, Redis and the gRPC
# serving node; overdrive-consumer.jar; overdrive-serving.jar with a synthetic model version; a
# Redis-protocol server and a Kafka broker) under steady mixed load: For You with candidates and
# without (retrieval on the serving node), event batches, new items. Prints one JSON line per
# minute (requests, statuses, p50/p99 per kind, heap after a full GC of each JVM, Redis
# used_memory, consumer lag, load average), then a verdict line: errors must be 0, every
# acknowledged like counted once in Redis, the lag drained, and the first and last minutes' lines
# flat (p99, heaps, Redis memory). Exit status 1 when the verdict is "fail".
#
#   bench/soak.sh [--minutes 10] [--bootstrap HOST:PORT] [--server valkey|redis-server|PATH]
#                 [--rank-rps 30] [--event-batches-per-second 10] [--events-per-batch 20]
#                 [--item-rps 1] [--users 2000] [--items 3000] [--warmup-seconds 45]
#                 [--dedup-window-seconds 120] [--feature-ttl-seconds 300]
#
# Each minute's line also breaks Redis's memory down by key kind (user hashes, sequence lists,
# dedup marks, items, catalogue, ...: keys, MB, elements). The dedup window and feature TTL are
# short so that Redis reaches its steady size within the run; the sequence lists fill at 1,000
# items per user, so give the run enough minutes for the users (e.g. --users 100 --minutes 24).
#
# Without --bootstrap a broker is started for the run (Kafka's own server code, in a process of
# its own); with it, any broker you run works (e.g. a local Kafka installation: start it on a port
# of your own and pass its address).
source "$(dirname "$0")/lib.sh"
stack_bench soak SoakBenchmark "$@"
