#!/usr/bin/env bash
# Retrieval benchmark: FAISS (Flat, HNSW, IVF) through JavaCPP in-process and through gRPC, the
# same libfaiss from C++, jvector at matched recall and the exact scan; prints one JSON line.
#
#   bench/retrieval.sh                 # 1,000,000 x 64 (about 20 minutes on 2 cores)
#   bench/retrieval.sh --n 50000       # quick check
#   taskset -c 1 bench/retrieval.sh ... # the same on one vCPU (see docs/serving.md, "Latency and CPU placement")
#   options: --n N --dim D --queries Q --jvector-n N (jvector comparison size, default 100000; 0 = skip)
#            --configs Flat,HNSW32,IVF1024_Flat (FAISS indexes to build) --grpc-calls N (default 20000)
#            --reuse-index true (load the index a previous run with the same data saved; no build figures)
#            --seed S
#
# Needs libfaiss-dev + libopenblas0-openmp (the FAISS parts) and g++. Runs under nice; on a shared
# machine compare the ratios within one run and read medians. Index snapshots (for --reuse-index)
# and the C++ program stay in overdrive-bench/target/retrieval.
source "$(dirname "$0")/lib.sh"
build
out=overdrive-bench/target/retrieval
mkdir -p "$out"
cpp=""
if [[ -f /usr/include/faiss/index_factory.h ]]; then
  g++ -O3 -std=c++17 overdrive-bench/src/main/cpp/faiss_single_query.cpp -o "$out/faiss_single_query" \
    -lfaiss -llapack -lblas -lgomp
  cpp="$ROOT/$out/faiss_single_query"
fi
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Xms6g -Xmx12g -XX:+UseParallelGC -cp "$BENCH_CP" \
  io.overdrive.bench.retrieval.RetrievalBenchmark --work "$ROOT/$out" --cpp "$cpp" "$@"
