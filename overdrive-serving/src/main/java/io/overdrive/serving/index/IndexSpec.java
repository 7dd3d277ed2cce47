package io.overdrive.serving.index;

/**
 * How to build an index.
 *
 * @param factory FAISS factory string ("Flat", "HNSW32", "IVF1024,Flat", ...)
 * @param efSearch HNSW candidate list size at query time (raised to k when smaller)
 * @param nprobe inverted lists an IVF search visits
 * @param efConstruction HNSW candidate list size while building (FAISS and jvector)
 * @param jvectorDegree jvector's maximum graph degree
 * @param gpu move FAISS indexes to a GPU where the linked FAISS and the machine have one
 * @param buildThreads OpenMP / fork-join threads for building
 * @param batchThreads OpenMP threads for a batched search
 */
public record IndexSpec(
    IndexBackend backend,
    String factory,
    int efSearch,
    int nprobe,
    int efConstruction,
    int jvectorDegree,
    boolean gpu,
    int buildThreads,
    int batchThreads) {

  public static IndexSpec of(IndexBackend backend, String factory) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new IndexSpec(backend, factory, 128, 16, 80, 32, false, cores, cores);
  }

  public IndexSpec withSearch(int efSearch, int nprobe) {
    return new IndexSpec(
        backend,
        factory,
        efSearch,
        nprobe,
        efConstruction,
        jvectorDegree,
        gpu,
        buildThreads,
        batchThreads);
  }

  /** The index type as Info reports it and as snapshot directories are named. */
  public String indexType() {
    return switch (backend) {
      case FAISS -> factory;
      case JVECTOR -> "jvector-M" + jvectorDegree + "-ef" + efConstruction;
      case EXACT -> "Flat";
    };
  }
}
