// Baseline for the retrieval benchmark: single queries against the same libfaiss and the same
// index file the Java benchmark searches, on one OpenMP thread, timed around Index::search.
// Usage: faiss_single_query <index file> <queries.f32> <n queries> <dim> <k> <efSearch> <nprobe>
// Prints one JSON object: {"queries": n, "p50_us": .., "p99_us": .., "mean_us": ..}
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 8) {
        std::fprintf(stderr, "usage: %s index queries.f32 nq dim k efSearch nprobe\n", argv[0]);
        return 2;
    }
    const int nq = std::atoi(argv[3]), d = std::atoi(argv[4]), k = std::atoi(argv[5]);
    const int ef = std::atoi(argv[6]), nprobe = std::atoi(argv[7]);
    omp_set_num_threads(1);
    std::unique_ptr<faiss::Index> index(faiss::read_index(argv[1]));
    if (auto* h = dynamic_cast<faiss::IndexHNSW*>(index.get())) h->hnsw.efSearch = ef;
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index.get())) ivf->nprobe = nprobe;
    std::vector<float> q(size_t(nq) * d);
    std::ifstream in(argv[2], std::ios::binary);
    in.read(reinterpret_cast<char*>(q.data()), q.size() * sizeof(float));
    if (!in) { std::fprintf(stderr, "cannot read %d x %d queries\n", nq, d); return 1; }
    std::vector<float> dist(k);
    std::vector<faiss::Index::idx_t> labels(k);
    for (int i = 0; i < std::min(nq, 200); i++)  // warm-up, as the JVM's
        index->search(1, &q[size_t(i) * d], k, dist.data(), labels.data());
    std::vector<double> us(nq);
    for (int i = 0; i < nq; i++) {
        auto t0 = std::chrono::steady_clock::now();
        index->search(1, &q[size_t(i) * d], k, dist.data(), labels.data());
        us[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    }
    double mean = 0;
    for (double u : us) mean += u;
    mean /= nq;
    std::sort(us.begin(), us.end());
    std::printf("{\"queries\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f, \"mean_us\": %.1f}\n", nq,
                us[nq / 2], us[std::min(nq - 1, int(nq * 0.99))], mean);
    return 0;
}
