// Helpers for the hand-written JavaCPP binding of FAISS (io.overdrive.serving.faiss.FaissNative).
// They keep a request to one JNI call (search with per-query parameters and filters) and make the
// ownership of native objects explicit (delete_index for pointers FAISS hands out).
#pragma once

#include <faiss/Index.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIVF.h>
#include <faiss/impl/HNSW.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>

#ifdef OVERDRIVE_FAISS_GPU
#include <faiss/gpu/GpuCloner.h>
#include <faiss/gpu/StandardGpuResources.h>
#include <faiss/gpu/utils/DeviceUtils.h>
#endif

namespace overdrive {

// Accepts labels that are neither tombstoned (deleted or superseded by an upsert) nor excluded by
// the request. tombstones is a bitmap over labels; excluded is sorted ascending.
struct LiveLabelSelector : faiss::IDSelector {
    const uint8_t* tombstones;
    int64_t tombstone_bits;
    const int64_t* excluded;
    int64_t excluded_count;

    LiveLabelSelector(const uint8_t* t, int64_t tb, const int64_t* e, int64_t ec)
            : tombstones(t), tombstone_bits(tb), excluded(e), excluded_count(ec) {}

    bool is_member(faiss::Index::idx_t id) const override {
        if (tombstones != nullptr && id < tombstone_bits &&
            ((tombstones[id >> 3] >> (id & 7)) & 1)) {
            return false;
        }
        return excluded_count == 0 ||
                !std::binary_search(excluded, excluded + excluded_count, (int64_t)id);
    }
};

// Searches n queries with per-query parameters (HNSW efSearch, IVF nprobe) and an optional label
// filter. Runs on the calling thread's OpenMP setting (see omp_set_num_threads).
inline void search_filtered(
        const faiss::Index* index,
        int64_t n,
        const float* x,
        int64_t k,
        float* distances,
        int64_t* labels,
        const uint8_t* tombstones,
        int64_t tombstone_bits,
        const int64_t* excluded,
        int64_t excluded_count,
        int ef_search,
        int nprobe) {
    LiveLabelSelector sel(tombstones, tombstone_bits, excluded, excluded_count);
    faiss::IDSelector* filter =
            (tombstones != nullptr || excluded_count > 0) ? &sel : nullptr;
    faiss::Index::idx_t* out = reinterpret_cast<faiss::Index::idx_t*>(labels);
    if (dynamic_cast<const faiss::IndexHNSW*>(index) != nullptr) {
        faiss::SearchParametersHNSW p;
        p.efSearch = std::max<int64_t>(ef_search, k);
        p.sel = filter;
        index->search(n, x, k, distances, out, &p);
    } else if (dynamic_cast<const faiss::IndexIVF*>(index) != nullptr) {
        faiss::SearchParametersIVF p;
        p.nprobe = nprobe;
        p.sel = filter;
        index->search(n, x, k, distances, out, &p);
    } else if (filter != nullptr) {
        faiss::SearchParameters p;
        p.sel = filter;
        index->search(n, x, k, distances, out, &p);
    } else {
        index->search(n, x, k, distances, out);
    }
}

inline void delete_index(faiss::Index* index) {
    delete index;
}

// Build-time knobs that live on concrete index types.
inline bool set_hnsw_ef_construction(faiss::Index* index, int ef) {
    auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index);
    if (hnsw == nullptr) {
        return false;
    }
    hnsw->hnsw.efConstruction = ef;
    return true;
}

// Lets reconstruct() find a vector by label: an IVF index needs a direct map for that (an array,
// which stays valid as long as vectors are only added with sequential ids, as here).
inline void make_reconstructable(faiss::Index* index) {
    if (auto* ivf = dynamic_cast<faiss::IndexIVF*>(index)) {
        ivf->make_direct_map(true);
    }
}

// FAISS 1.7.3 ignores SearchParametersHNSW::efSearch (only the selector is used), so the search
// breadth is set on the index itself, once, before it serves.
inline bool set_hnsw_ef_search(faiss::Index* index, int ef) {
    auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index);
    if (hnsw == nullptr) {
        return false;
    }
    hnsw->hnsw.efSearch = ef;
    return true;
}

inline const char* index_kind(const faiss::Index* index) {
    if (dynamic_cast<const faiss::IndexHNSW*>(index) != nullptr) {
        return "hnsw";
    }
    if (dynamic_cast<const faiss::IndexIVF*>(index) != nullptr) {
        return "ivf";
    }
    return "other";
}

inline int omp_max_threads() {
    return omp_get_max_threads();
}

inline void omp_set_threads(int n) {
    omp_set_num_threads(n);
}

// GPU support exists only when this library was compiled with -DOVERDRIVE_FAISS_GPU against a
// FAISS built with CUDA (see docs/serving.md).
inline bool gpu_compiled() {
#ifdef OVERDRIVE_FAISS_GPU
    return true;
#else
    return false;
#endif
}

inline int gpu_count() {
#ifdef OVERDRIVE_FAISS_GPU
    return faiss::gpu::getNumDevices();
#else
    return 0;
#endif
}

// Returns a new GPU copy of the index (the caller deletes both), or throws.
inline faiss::Index* index_cpu_to_gpu(const faiss::Index* index, int device) {
#ifdef OVERDRIVE_FAISS_GPU
    static faiss::gpu::StandardGpuResources resources;
    return faiss::gpu::index_cpu_to_gpu(&resources, device, index);
#else
    (void)index;
    (void)device;
    throw faiss::FaissException("this FAISS binding was compiled without GPU support");
#endif
}

}  // namespace overdrive
